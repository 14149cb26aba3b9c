/** Which Compose CLI to run (`docker compose` plugin or standalone `docker-compose`), and its arguments. Pure. */
export interface ProbeResult {
  /** The program ran (false: not on PATH). */
  found: boolean;
  exitCode: number | null;
  output: string;
}

export type ComposeCli =
  | { kind: 'plugin'; file: 'docker'; prefix: readonly ['compose']; version: string }
  | { kind: 'standalone'; file: 'docker-compose'; prefix: readonly []; version: string }
  | { kind: 'missing'; message: string; installHint: string };

export function composeVersion(output: string): string | undefined {
  return /(?:Docker Compose version|docker-compose version)\s+v?(\d+\.\d+(?:\.\d+)?[\w.+-]*)/i.exec(output)?.[1];
}

/** The install hint for the host's platform. */
export function composeInstallHint(platform: string): string {
  if (platform === 'darwin' || platform === 'win32') {
    return 'Install or update Docker Desktop, which includes Compose (`docker compose`).';
  }
  return 'Install the Compose plugin (`sudo apt-get install docker-compose-plugin` from Docker\'s apt repository) or Debian/Ubuntu\'s standalone `docker-compose` package, then try again.';
}

/** Prefers the plugin (`docker compose`, Compose v2), then standalone `docker-compose`; says clearly when neither works. */
export function chooseComposeCli(plugin: ProbeResult, standalone: ProbeResult, platform: string): ComposeCli {
  const pluginVersion = plugin.exitCode === 0 ? composeVersion(plugin.output) : undefined;
  if (pluginVersion) {
    return { kind: 'plugin', file: 'docker', prefix: ['compose'], version: pluginVersion };
  }
  const standaloneVersion = standalone.exitCode === 0 ? composeVersion(standalone.output) : undefined;
  if (standaloneVersion) {
    return { kind: 'standalone', file: 'docker-compose', prefix: [], version: standaloneVersion };
  }
  const why = !plugin.found && !standalone.found
    ? 'neither the docker CLI nor docker-compose is on PATH'
    : standalone.found
      ? `docker-compose is on PATH but did not report a version (${firstLine(standalone.output)})`
      : '`docker compose` is not available (the Compose plugin is not installed) and docker-compose is not on PATH';
  return { kind: 'missing', message: `Docker Compose was not found: ${why}.`, installHint: composeInstallHint(platform) };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

export type ComposeAction = 'up' | 'down' | 'logs';

export interface ComposeTarget {
  /** Compose files (absolute); none: the project name alone (Compose v2 can act on a running project without its file). */
  files: string[];
  projectName?: string;
}

/** The argv (program + args array, never a shell line) for an action. */
export function composeCommand(cli: Extract<ComposeCli, { file: string }>, action: ComposeAction, target: ComposeTarget): { file: string; args: string[] } {
  const head = [...cli.prefix, ...target.files.flatMap((f) => ['-f', f]), ...(target.projectName ? ['-p', target.projectName] : [])];
  const tail = action === 'up' ? ['up', '--detach'] : action === 'down' ? ['down'] : ['logs', '--follow', '--tail', '200'];
  return { file: cli.file, args: [...head, ...tail] };
}

/** The compose files recorded on a project's containers (`com.docker.compose.project.config_files`, comma-separated). */
export function composeFilesFromLabels(labels: Record<string, string> | undefined): string[] {
  const raw = labels?.['com.docker.compose.project.config_files'];
  const dir = labels?.['com.docker.compose.project.working_dir'];
  if (!raw) {
    return [];
  }
  return raw.split(',').map((f) => f.trim()).filter(Boolean).map((f) => (f.startsWith('/') || /^[A-Za-z]:[\\/]/.test(f) || !dir ? f : `${dir.replace(/\/$/, '')}/${f}`));
}

/** Compose project names: lowercase letters, digits, dashes and underscores, starting with a letter or digit. */
export function composeProjectName(raw: string): string {
  const name = raw.toLowerCase().replace(/[^a-z0-9_-]+/g, '');
  return /^[a-z0-9]/.test(name) ? name : `p${name}`;
}
