import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DoctorJson } from '../../../src/core/doctor/render-json';
import { repoRoot } from './paths';
import { runProcess, type ProcessResult } from './process';
import { makeTempDir } from './temp';

let cliDir: string | undefined;

/**
 * Builds the bundles with the project's own build (`node esbuild.js`) and copies the CLI and its
 * lazily loaded engine bundle to a temp dir readable by any user: the tests then run a stable
 * snapshot, also as an unprivileged user.
 */
export async function buildCli(): Promise<string> {
  const build = await runProcess(process.execPath, ['esbuild.js'], { cwd: repoRoot, timeoutMs: 120_000 });
  if (build.code !== 0) {
    throw new Error(`node esbuild.js exited ${String(build.code)}:\n${build.stdout}${build.stderr}`);
  }
  const dir = await makeTempDir('cli', 0o755);
  // cli.js runs cli-main.js beside it (through the code cache); docker-engine.js is loaded lazily.
  for (const file of ['cli.js', 'cli-main.js', 'docker-engine.js']) {
    await fs.copyFile(path.join(repoRoot, 'dist', file), path.join(dir, file));
    await fs.chmod(path.join(dir, file), 0o644);
  }
  cliDir = dir;
  return dir;
}

export interface DoctorRun extends ProcessResult {
  json: DoctorJson;
}

export interface CliOptions {
  /** Run as this unprivileged user via setpriv (root bypasses socket permissions). */
  asUser?: { user: string; group: string; supplementaryGids?: number[] };
  nodeOptions?: string[];
  timeoutMs?: number;
}

/**
 * Runs `node cli.js doctor --format json` as a black box. The environment is exactly `env` plus
 * PATH and a locale: nothing of the machine's DOCKER_*, KUBECONFIG or HOME leaks in.
 */
export async function runDoctorCli(env: Record<string, string>, options: CliOptions = {}): Promise<DoctorRun> {
  assert.ok(cliDir, 'buildCli() must run first (root before hook)');
  const fullEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env };
  const nodeArgs = [...(options.nodeOptions ?? []), path.join(cliDir, 'cli.js'), 'doctor', '--format', 'json'];
  let file = process.execPath;
  let args = nodeArgs;
  if (options.asUser) {
    const groups = options.asUser.supplementaryGids?.length ? [`--groups=${options.asUser.supplementaryGids.join(',')}`] : ['--clear-groups'];
    file = 'setpriv';
    args = [`--reuid=${options.asUser.user}`, `--regid=${options.asUser.group}`, ...groups, '--', process.execPath, ...nodeArgs];
  }
  const result = await runProcess(file, args, { env: fullEnv, cwd: cliDir, timeoutMs: options.timeoutMs ?? 30_000 });
  let json: DoctorJson;
  try {
    json = JSON.parse(result.stdout) as DoctorJson;
  } catch {
    throw new Error(`doctor did not print JSON (exit ${String(result.code)}, signal ${String(result.signal)}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  assert.equal(json.schemaVersion, 1);
  return { ...result, json };
}
