import * as vscode from 'vscode';
import { formatByteSize, parseByteSize } from '../../core/docker/byte-size';
import { defaultMappingsForExposedPorts, formatPortMapping, parsePortSpec, type PortMapping } from '../../core/docker/port-spec';
import { defaultShmBytes, describeProfile, suggestBindMounts, type GpuChoice, type RestartPolicyName, type SharedMemoryChoice } from '../../core/docker/run-profile';
import { UserCancelled } from '../../platform/command';
import type { SavedProfile } from './profile-store';

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

/** Single-select quick picks have no pre-selection: the last used item goes first, marked. */
function savedFirst<T>(items: Pick<T>[], isSaved: (value: T) => boolean): Pick<T>[] {
  const saved = items.filter((i) => isSaved(i.value)).map((i) => ({ ...i, detail: 'last used' }));
  return [...saved, ...items.filter((i) => !isSaved(i.value))];
}

async function pickOne<T>(title: string, items: Pick<T>[], placeholder?: string): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, { title, ...(placeholder ? { placeHolder: placeholder } : {}), ignoreFocusOut: true });
  if (!chosen) {
    throw new UserCancelled();
  }
  return chosen.value;
}

async function input(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) {
    throw new UserCancelled();
  }
  return value;
}

async function promptGpu(saved: GpuChoice | undefined): Promise<GpuChoice> {
  const kind = await pickOne<GpuChoice['kind']>('Run Image: GPUs', savedFirst<GpuChoice['kind']>([
    { label: '$(vm) CPU only', description: 'no GPUs', value: 'none' },
    { label: '$(circuit-board) All GPUs', description: '--gpus all', value: 'all' },
    { label: '$(circuit-board) A number of GPUs…', description: '--gpus N', value: 'count' },
    { label: '$(circuit-board) Specific GPUs…', description: 'by index or UUID (nvidia-smi -L)', value: 'ids' },
  ], (v) => v === saved?.kind));
  if (kind === 'none' || kind === 'all') {
    return { kind };
  }
  if (kind === 'count') {
    const text = await input({
      title: 'Run Image: how many GPUs?',
      value: saved?.kind === 'count' ? String(saved.count) : '1',
      validateInput: (v) => (/^[1-9]\d{0,2}$/.test(v.trim()) ? undefined : 'A whole number of GPUs, 1 or more'),
    });
    return { kind: 'count', count: Number(text.trim()) };
  }
  const text = await input({
    title: 'Run Image: GPU IDs',
    prompt: 'Comma-separated indexes or UUIDs, e.g. 0,1 or GPU-3f2a…',
    value: saved?.kind === 'ids' ? saved.ids.join(',') : '0',
    validateInput: (v) => (v.split(',').map((s) => s.trim()).filter(Boolean).length > 0 ? undefined : 'At least one GPU ID'),
  });
  return { kind: 'ids', ids: text.split(',').map((s) => s.trim()).filter(Boolean) };
}

async function promptShm(saved: SharedMemoryChoice | undefined): Promise<SharedMemoryChoice> {
  const choice = await pickOne<SharedMemoryChoice | 'custom'>('Run Image: shared memory (/dev/shm)', savedFirst<SharedMemoryChoice | 'custom'>([
    { label: `shm-size ${formatByteSize(defaultShmBytes)}`, description: 'enough for PyTorch DataLoader workers (the engine default of 64 MB is not)', value: { kind: 'size', bytes: defaultShmBytes } },
    { label: 'shm-size 8g', description: 'large batches, many workers', value: { kind: 'size', bytes: 8 * 1024 ** 3 } },
    { label: 'ipc=host', description: 'share the host\'s IPC namespace and /dev/shm (less isolation)', value: { kind: 'ipc-host' } },
    { label: 'Custom size…', value: 'custom' },
  ], (v) => saved !== undefined && JSON.stringify(v) === JSON.stringify(saved)));
  if (choice !== 'custom') {
    return choice;
  }
  const text = await input({ title: 'Run Image: shm-size', value: '4g', validateInput: (v) => (parseByteSize(v) ? undefined : 'A size such as 512m, 4g') });
  return { kind: 'size', bytes: parseByteSize(text) ?? defaultShmBytes };
}

async function promptPorts(saved: PortMapping[] | undefined, exposed: Record<string, unknown>): Promise<PortMapping[]> {
  const initial = saved ?? defaultMappingsForExposedPorts(exposed);
  const text = await input({
    title: 'Run Image: published ports',
    prompt: 'Comma-separated; bound to 127.0.0.1 unless you write an address (8888, 8080:80, 0.0.0.0:5000:5000). Empty: none.',
    value: initial.map(formatPortMapping).join(', '),
    validateInput: (v) => {
      for (const spec of v.split(',').map((s) => s.trim()).filter(Boolean)) {
        const r = parsePortSpec(spec);
        if (!r.ok) {
          return r.problem;
        }
      }
      return undefined;
    },
  });
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parsePortSpec(s))
    .flatMap((r) => (r.ok ? [r.mapping] : []));
}

async function promptMounts(saved: SavedProfile['mounts'] | undefined): Promise<SavedProfile['mounts']> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    return saved ?? [];
  }
  const entries = await vscode.workspace.fs.readDirectory(folder.uri).then(
    (list) => list.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => name),
    () => [] as string[],
  );
  const suggested = suggestBindMounts(folder.uri.fsPath, entries);
  const all = [...suggested, ...(saved ?? []).filter((m) => !suggested.some((s) => s.source === m.source && s.target === m.target))];
  const chosen = await vscode.window.showQuickPick(
    all.map((m) => ({ label: `${m.source} → ${m.target}`, description: m.readOnly ? 'read-only' : '', mount: m, picked: saved ? saved.some((s) => s.source === m.source && s.target === m.target) : m.target === '/workspace' })),
    { title: 'Run Image: bind mounts', canPickMany: true, ignoreFocusOut: true },
  );
  if (!chosen) {
    throw new UserCancelled();
  }
  return chosen.map((c) => c.mount);
}

async function promptEnvFile(saved: string | undefined): Promise<string | undefined> {
  const found = await vscode.workspace.findFiles('{**/.env,**/*.env}', '**/node_modules/**', 20);
  type EnvChoice = { kind: 'none' } | { kind: 'file'; path: string } | { kind: 'browse' };
  const items: Pick<EnvChoice>[] = [
    { label: 'No env file', value: { kind: 'none' } },
    ...found.map((u) => ({ label: vscode.workspace.asRelativePath(u), description: u.fsPath === saved ? 'last used' : '', value: { kind: 'file' as const, path: u.fsPath } })),
    { label: 'Browse…', value: { kind: 'browse' } },
  ];
  const choice = await pickOne('Run Image: env file (docker --env-file rules)', items);
  if (choice.kind !== 'browse') {
    return choice.kind === 'file' ? choice.path : undefined;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use as env file' });
  if (!picked?.[0]) {
    throw new UserCancelled();
  }
  return picked[0].fsPath;
}

async function promptRestart(saved: SavedProfile['restart'] | undefined): Promise<SavedProfile['restart']> {
  const name = await pickOne<RestartPolicyName>('Run Image: restart policy', savedFirst<RestartPolicyName>([
    { label: 'no', description: 'never restart (default)', value: 'no' },
    { label: 'on-failure', description: 'restart when it exits non-zero (3 times at most)', value: 'on-failure' },
    { label: 'unless-stopped', description: 'keep running, also after a daemon restart, until stopped', value: 'unless-stopped' },
    { label: 'always', value: 'always' },
  ], (v) => v === saved?.name));
  return name === 'on-failure' ? { name, maximumRetryCount: saved?.maximumRetryCount ?? 3 } : { name };
}

/** Walks through the profile, each step pre-filled from the profile saved for this image. */
export async function promptRunProfile(
  image: string,
  saved: SavedProfile | undefined,
  exposedPorts: Record<string, unknown>,
  checkGpu: (gpu: GpuChoice) => Promise<GpuChoice>,
): Promise<SavedProfile> {
  if (saved) {
    const reuse = await pickOne<boolean>(`Run ${image}`, [
      { label: '$(history) Run with the saved profile', description: describeProfile(saved), value: true },
      { label: '$(edit) Change the profile…', value: false },
    ]);
    if (reuse) {
      return { ...saved, gpu: await checkGpu(saved.gpu) };
    }
  }
  const gpu = await checkGpu(await promptGpu(saved?.gpu));
  const shm = await promptShm(saved?.shm);
  const ports = await promptPorts(saved?.ports, exposedPorts);
  const mounts = await promptMounts(saved?.mounts);
  const envFile = await promptEnvFile(saved?.envFile);
  const restart = await promptRestart(saved?.restart);
  return { image, gpu, shm, ports, mounts, restart, ...(envFile ? { envFile } : {}), ...(saved?.command ? { command: saved.command } : {}) };
}
