import { execFile, spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { chooseComposeCli, composeFilesFromLabels, type ComposeCli, type ProbeResult } from '../../core/docker/compose-cli';

export interface ComposeEnv {
  env?: NodeJS.ProcessEnv;
  platform?: string;
}

function probe(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 15_000, windowsHide: true }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (e?.code === 'ENOENT') {
        resolve({ found: false, exitCode: null, output: '' });
        return;
      }
      resolve({ found: true, exitCode: e ? (typeof e.code === 'number' ? e.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Detects `docker compose` (plugin), else `docker-compose` (standalone). */
export async function detectComposeCli(options: ComposeEnv = {}): Promise<ComposeCli> {
  const env = options.env ?? process.env;
  const [plugin, standalone] = await Promise.all([probe('docker', ['compose', 'version'], env), probe('docker-compose', ['version'], env)]);
  return chooseComposeCli(plugin, standalone, options.platform ?? process.platform);
}

/** Runs a compose command (argv array, no shell) to completion, collecting its output. */
export function runCompose(command: { file: string; args: string[] }, options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The compose files of a running project, from its containers' labels. */
export async function composeProjectFiles(docker: Docker, project: string): Promise<{ files: string[]; workingDir?: string }> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
  for (const c of containers) {
    const files = composeFilesFromLabels(c.Labels);
    if (files.length > 0) {
      const workingDir = c.Labels?.['com.docker.compose.project.working_dir'];
      return { files, ...(workingDir ? { workingDir } : {}) };
    }
  }
  return { files: [] };
}
