import type Docker from 'dockerode';

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'remove';

/**
 * Start, stop, restart or remove (force: a running container is killed first). Stop and restart
 * wait up to the grace period (the engine's default: 10 s) for the process to exit: call them on
 * a client without a short request timeout.
 */
export async function containerAction(docker: Docker, id: string, action: LifecycleAction, options: { graceSeconds?: number } = {}): Promise<void> {
  const c = docker.getContainer(id);
  const grace = options.graceSeconds !== undefined ? { t: options.graceSeconds } : {};
  switch (action) {
    case 'start':
      await c.start();
      return;
    case 'stop':
      await c.stop(grace);
      return;
    case 'restart':
      await c.restart(grace);
      return;
    case 'remove':
      await c.remove({ force: true });
      return;
  }
}

export async function inspectContainer(docker: Docker, id: string): Promise<unknown> {
  return docker.getContainer(id).inspect();
}

export async function removeImage(docker: Docker, ref: string, force = false): Promise<void> {
  await docker.getImage(ref).remove({ force });
}

/**
 * Removes untagged images (`docker image prune`, optionally only those with a label). `deleted`
 * counts every image the engine deleted, including the untagged parent layers of legacy builds.
 */
export async function pruneDanglingImages(docker: Docker, options: { label?: string } = {}): Promise<{ deleted: number; reclaimedBytes: number }> {
  const filters: Record<string, string[]> = { dangling: ['true'], ...(options.label ? { label: [options.label] } : {}) };
  const result = (await docker.pruneImages({ filters })) as { ImagesDeleted?: unknown[] | null; SpaceReclaimed?: number };
  return { deleted: (result.ImagesDeleted ?? []).filter((d) => (d as { Deleted?: string }).Deleted).length, reclaimedBytes: result.SpaceReclaimed ?? 0 };
}

export interface ImageConfigFacts {
  exposedPorts: Record<string, unknown>;
  cmd?: string[];
}

export async function imageConfig(docker: Docker, ref: string): Promise<ImageConfigFacts> {
  const info = (await docker.getImage(ref).inspect()) as { Config?: { ExposedPorts?: Record<string, unknown> | null; Cmd?: string[] | null } };
  return { exposedPorts: info.Config?.ExposedPorts ?? {}, ...(info.Config?.Cmd ? { cmd: info.Config.Cmd } : {}) };
}
