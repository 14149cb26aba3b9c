import type Docker from 'dockerode';
import { explainStartFailure, type StartFailureExplanation } from '../../core/docker/gpu-errors';
import { profileToCreateOptions, type RunProfile } from '../../core/docker/run-profile';

export type RunResult =
  | { ok: true; id: string }
  | { ok: false; stage: 'create' | 'start'; id?: string; message: string; explanation?: StartFailureExplanation };

function messageOf(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string } | undefined;
  return e?.json?.message ?? e?.message ?? String(err);
}

/**
 * Creates and starts a container from a run profile. A start that fails leaves the created
 * container in place (as `docker run` does) unless `removeOnStartFailure` is set. Never throws.
 */
export async function runProfile(docker: Docker, profile: RunProfile, options: { removeOnStartFailure?: boolean } = {}): Promise<RunResult> {
  let container: Docker.Container;
  try {
    container = await docker.createContainer(profileToCreateOptions(profile) as unknown as Docker.ContainerCreateOptions);
  } catch (err) {
    const message = messageOf(err);
    const explanation = explainStartFailure(message);
    return { ok: false, stage: 'create', message, ...(explanation ? { explanation } : {}) };
  }
  try {
    await container.start();
    return { ok: true, id: container.id };
  } catch (err) {
    const message = messageOf(err);
    const explanation = explainStartFailure(message);
    if (options.removeOnStartFailure) {
      await container.remove({ force: true }).catch(() => undefined);
    }
    return { ok: false, stage: 'start', ...(options.removeOnStartFailure ? {} : { id: container.id }), message, ...(explanation ? { explanation } : {}) };
  }
}
