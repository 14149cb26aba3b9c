import * as vscode from 'vscode';
import { parseEnvFile } from '../../core/docker/env-file';
import { gpuReadiness } from '../../core/docker/gpu-errors';
import { cpuFallback, describeProfile, type GpuChoice, type RunProfile } from '../../core/docker/run-profile';
import { imageConfig } from '../../infra/docker/container-actions';
import type { DockerConnection } from '../../infra/docker/docker-connection';
import { runProfile } from '../../infra/docker/run-container';
import { readSmallFile } from '../../infra/fs/read-text-file';
import { UserCancelled } from '../../platform/command';
import type { Logger } from '../../platform/logger';
import type { ProfileStore, SavedProfile } from './profile-store';
import { promptRunProfile } from './run-prompts';

export interface RunDeps {
  connection: DockerConnection;
  profiles: ProfileStore;
  log: Logger;
}

/** Reads the env file now (values are never stored) and turns the saved profile into a runnable one. */
async function materialize(saved: SavedProfile, log: Logger): Promise<RunProfile> {
  const { envFile, ...rest } = saved;
  if (!envFile) {
    return { ...rest, env: [] };
  }
  // A regular file of at most 1 MiB: an env file that is a pipe (say a process substitution) would never answer.
  const bytes = await readSmallFile(envFile);
  const parsed = parseEnvFile(new TextDecoder().decode(bytes), process.env);
  for (const p of parsed.problems) {
    log.warn(`${envFile}:${p.line}: ${p.message} (line skipped)`);
  }
  if (parsed.problems.length > 0) {
    void vscode.window.showWarningMessage(`ML Containers: ${parsed.problems.length} line(s) of ${vscode.workspace.asRelativePath(envFile)} were skipped: ${parsed.problems[0]?.message ?? ''}`);
  }
  return { ...rest, env: parsed.env };
}

/** Before a GPU run: if the engine has no NVIDIA runtime, say so and offer the CPU profile. */
async function confirmGpu(deps: RunDeps, gpu: GpuChoice): Promise<GpuChoice> {
  if (gpu.kind === 'none') {
    return gpu;
  }
  const state = await deps.connection.connect();
  if (state.kind !== 'connected') {
    return gpu;
  }
  const readiness = gpuReadiness(state.engine);
  if (readiness.ready) {
    return gpu;
  }
  const choice = await vscode.window.showWarningMessage(
    `ML Containers: ${readiness.summary}`,
    { modal: true, ...(readiness.fix ? { detail: readiness.fix } : {}) },
    'Run on CPU',
    'Run with GPUs Anyway',
  );
  if (choice === 'Run on CPU') {
    return { kind: 'none' };
  }
  if (choice === 'Run with GPUs Anyway') {
    return gpu;
  }
  throw new UserCancelled();
}

async function execute(deps: RunDeps, saved: SavedProfile): Promise<void> {
  const profile = await materialize(saved, deps.log);
  const docker = await deps.connection.api();
  deps.log.info(`Running ${profile.image}: ${describeProfile(profile)}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `ML Containers: starting ${profile.image}…` }, () =>
    runProfile(docker, profile, { removeOnStartFailure: true }),
  );
  if (result.ok) {
    const published = profile.ports.filter((p) => p.protocol === 'tcp' && p.hostPort > 0);
    const actions = ['Follow Logs', ...(published.length > 0 ? ['Open in Browser'] : [])];
    const choice = await vscode.window.showInformationMessage(`ML Containers: started ${profile.image} (${describeProfile(profile)}).`, ...actions);
    if (choice === 'Follow Logs') {
      await vscode.commands.executeCommand('mlc.docker.followLogs', { kind: 'container', id: result.id, name: result.id.slice(0, 12) });
    } else if (choice === 'Open in Browser' && published[0]) {
      await vscode.env.openExternal(vscode.Uri.parse(`http://127.0.0.1:${published[0].hostPort}`));
    }
    return;
  }
  deps.log.error(`Run of ${profile.image} failed at ${result.stage}: ${result.message}`);
  if (result.explanation) {
    const actions = result.explanation.offerCpu && profile.gpu.kind !== 'none' ? ['Re-run on CPU'] : [];
    const choice = await vscode.window.showErrorMessage(`ML Containers: ${result.explanation.message}`, ...actions, 'Check Environment');
    if (choice === 'Re-run on CPU') {
      const cpu = cpuFallback(profile);
      await deps.profiles.save({ ...saved, gpu: cpu.gpu });
      await execute(deps, { ...saved, gpu: cpu.gpu });
    } else if (choice === 'Check Environment') {
      await vscode.commands.executeCommand('mlc.doctor');
    }
    return;
  }
  throw new Error(`Could not ${result.stage} the container: ${result.message}`);
}

/** mlc.docker.runImage: from an image node (or a picked image), prompt for a profile, save it, run it. */
export async function runImageCommand(deps: RunDeps, ref: string): Promise<void> {
  const docker = await deps.connection.api();
  const config = await imageConfig(docker, ref);
  // The GPU check runs right after the GPU choice, before the other questions.
  const profile = await promptRunProfile(ref, deps.profiles.get(ref), config.exposedPorts, (gpu) => confirmGpu(deps, gpu));
  await deps.profiles.save(profile);
  await execute(deps, profile);
}

/** mlc.docker.rerun: the profile saved for this image, or the last one run in this workspace. */
export async function rerunCommand(deps: RunDeps, ref: string | undefined): Promise<void> {
  const saved = ref ? deps.profiles.get(ref) : deps.profiles.last();
  if (!saved) {
    if (ref) {
      await runImageCommand(deps, ref);
      return;
    }
    void vscode.window.showInformationMessage('ML Containers: nothing to re-run yet. Run an image from the Images view first.');
    return;
  }
  await execute(deps, { ...saved, gpu: await confirmGpu(deps, saved.gpu) });
}
