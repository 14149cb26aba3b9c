import { formatByteSize } from './byte-size';
import type { EngineDeviceRequest } from './engine-json';
import { gpuBadge, type GpuRequestSummary } from './gpu-request';
import type { PortMapping } from './port-spec';

export type GpuChoice = { kind: 'none' } | GpuRequestSummary;

/** /dev/shm for PyTorch DataLoader workers: the engine's 64 MB default makes them crash with "bus error". */
export type SharedMemoryChoice = { kind: 'size'; bytes: number } | { kind: 'ipc-host' };

export const defaultShmBytes = 2 * 1024 ** 3;

export interface BindMount {
  source: string;
  target: string;
  readOnly?: boolean;
}

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RunProfile {
  image: string;
  /** Container name; the engine picks one when absent. */
  name?: string;
  gpu: GpuChoice;
  shm: SharedMemoryChoice;
  ports: PortMapping[];
  mounts: BindMount[];
  /** KEY=VALUE entries (from an env file and/or typed in). */
  env: string[];
  restart: { name: RestartPolicyName; maximumRetryCount?: number };
  /** Overrides the image's CMD when set. */
  command?: string[];
  labels?: Record<string, string>;
}

/** The body of POST /containers/create (dockerode's createContainer options), as far as profiles set it. */
export interface CreateContainerOptions {
  name?: string;
  Image: string;
  Cmd?: string[];
  Env: string[];
  Labels: Record<string, string>;
  ExposedPorts: Record<string, Record<string, never>>;
  HostConfig: {
    DeviceRequests?: EngineDeviceRequest[];
    ShmSize?: number;
    IpcMode?: string;
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]>;
    Binds: string[];
    RestartPolicy: { Name: string; MaximumRetryCount: number };
  };
}

export function gpuDeviceRequests(gpu: GpuChoice): EngineDeviceRequest[] | undefined {
  switch (gpu.kind) {
    case 'none':
      return undefined;
    case 'all':
      return [{ Driver: '', Count: -1, Capabilities: [['gpu']] }];
    case 'count':
      return [{ Driver: '', Count: gpu.count, Capabilities: [['gpu']] }];
    case 'ids':
      return [{ Driver: '', DeviceIDs: [...gpu.ids], Capabilities: [['gpu']] }];
  }
}

export const profileLabel = 'mlc.profile';

/** A one-line description of a profile: "GPU: all · shm 2g · 127.0.0.1:8888:8888". */
export function describeProfile(p: Pick<RunProfile, 'gpu' | 'shm' | 'ports' | 'mounts' | 'restart'>): string {
  const parts = [p.gpu.kind === 'none' ? 'CPU' : gpuBadge(p.gpu), p.shm.kind === 'ipc-host' ? 'ipc=host' : `shm ${formatByteSize(p.shm.bytes)}`];
  for (const m of p.ports) {
    parts.push(`${m.hostIp}:${m.hostPort || '*'}→${m.containerPort}${m.protocol === 'tcp' ? '' : `/${m.protocol}`}`);
  }
  if (p.mounts.length > 0) {
    parts.push(`${p.mounts.length} mount${p.mounts.length === 1 ? '' : 's'}`);
  }
  if (p.restart.name !== 'no') {
    parts.push(`restart ${p.restart.name}`);
  }
  return parts.join(' · ');
}

/** A run profile as the engine's create-container request. Pure: the same profile gives the same body. */
export function profileToCreateOptions(profile: RunProfile): CreateContainerOptions {
  const exposed: CreateContainerOptions['ExposedPorts'] = {};
  const bindings: CreateContainerOptions['HostConfig']['PortBindings'] = {};
  for (const m of profile.ports) {
    const key = `${m.containerPort}/${m.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: m.hostIp, HostPort: m.hostPort === 0 ? '' : String(m.hostPort) });
  }
  const deviceRequests = gpuDeviceRequests(profile.gpu);
  const restart = profile.restart;
  return {
    ...(profile.name ? { name: profile.name } : {}),
    Image: profile.image,
    ...(profile.command && profile.command.length > 0 ? { Cmd: [...profile.command] } : {}),
    Env: [...profile.env],
    Labels: { ...(profile.labels ?? {}), [profileLabel]: profile.gpu.kind === 'none' ? 'cpu' : `gpu-${profile.gpu.kind}` },
    ExposedPorts: exposed,
    HostConfig: {
      ...(deviceRequests ? { DeviceRequests: deviceRequests } : {}),
      ...(profile.shm.kind === 'size' ? { ShmSize: profile.shm.bytes } : { IpcMode: 'host' }),
      PortBindings: bindings,
      Binds: profile.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
      RestartPolicy: { Name: restart.name === 'no' ? 'no' : restart.name, MaximumRetryCount: restart.name === 'on-failure' ? (restart.maximumRetryCount ?? 0) : 0 },
    },
  };
}

/** The same profile without GPUs: what "re-run on CPU" runs. */
export function cpuFallback(profile: RunProfile): RunProfile {
  return { ...profile, gpu: { kind: 'none' } };
}

const dataFolderNames = ['data', 'datasets', 'dataset', 'models', 'model', 'checkpoints', 'weights', 'outputs'];

/** Bind mounts worth offering for a workspace: the folder itself at /workspace, and its data/model folders. */
export function suggestBindMounts(workspaceRoot: string, topLevelFolders: readonly string[]): BindMount[] {
  const root = workspaceRoot.replace(/[\\/]+$/, '');
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const mounts: BindMount[] = [{ source: root, target: '/workspace' }];
  for (const name of topLevelFolders) {
    if (dataFolderNames.includes(name.toLowerCase())) {
      mounts.push({ source: `${root}${sep}${name}`, target: `/${name.toLowerCase()}` });
    }
  }
  return mounts;
}
