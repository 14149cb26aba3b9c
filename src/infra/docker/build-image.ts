import type Docker from 'dockerode';
import { engineBuildQuery, type BuildRequest } from '../../core/docker/build-options';
import { BuildStreamParser, type BuildEvent } from '../../core/docker/build-progress';
import { packContext } from './build-context';

export interface BuildRun {
  contextDir: string;
  request: BuildRequest;
  signal?: AbortSignal;
  onEvent?: (e: BuildEvent) => void;
}

export type BuildOutcome =
  | { kind: 'built'; imageId?: string; events: BuildEvent[] }
  | { kind: 'failed'; message: string; events: BuildEvent[] }
  | { kind: 'cancelled'; removedContainers: string[]; events: BuildEvent[] };

/**
 * Builds through POST /build with the context streamed as tar. Cancelling aborts the request and
 * force-removes the intermediate containers the stream announced (" ---> Running in <id>") that
 * the legacy builder did not remove itself. Resolves with the outcome; rejects only when the engine
 * cannot be reached or refuses the request outright.
 */
export async function buildImage(docker: Docker, run: BuildRun): Promise<BuildOutcome> {
  const events: BuildEvent[] = [];
  const started = new Set<string>();
  const emit = (e: BuildEvent) => {
    events.push(e);
    if (e.kind === 'container') {
      started.add(e.id);
    } else if (e.kind === 'container-removed') {
      for (const id of started) {
        if (id.startsWith(e.id) || e.id.startsWith(id)) {
          started.delete(id);
        }
      }
    }
    run.onEvent?.(e);
  };
  const cancelled = () => run.signal?.aborted === true;
  const context = await packContext(run.contextDir, { dockerfile: run.request.dockerfile, ...(run.signal ? { signal: run.signal } : {}) });
  try {
    const response = await docker.buildImage(context, { ...engineBuildQuery(run.request), ...(run.signal ? { abortSignal: run.signal } : {}) } as unknown as Docker.ImageBuildOptions);
    await new Promise<void>((resolve, reject) => {
      const parser = new BuildStreamParser();
      const onAbort = () => {
        (response as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        resolve();
      };
      run.signal?.addEventListener('abort', onAbort, { once: true });
      response.on('data', (chunk: Buffer) => parser.push(chunk.toString('utf8')).forEach(emit));
      response.on('end', () => {
        parser.end().forEach(emit);
        resolve();
      });
      response.on('error', (err: Error) => (cancelled() ? resolve() : reject(err)));
      response.on('close', () => {
        run.signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  } catch (err) {
    if (!cancelled()) {
      throw err;
    }
  } finally {
    context.destroy();
  }
  if (cancelled()) {
    return { kind: 'cancelled', removedContainers: await removeLeftovers(docker, [...started]), events };
  }
  const error = events.find((e): e is Extract<BuildEvent, { kind: 'error' }> => e.kind === 'error');
  if (error) {
    return { kind: 'failed', message: error.message, events };
  }
  const built = events.filter((e): e is Extract<BuildEvent, { kind: 'built' }> => e.kind === 'built').pop();
  return { kind: 'built', ...(built ? { imageId: built.imageId } : {}), events };
}

/**
 * The daemon notices the closed request and stops the step, but its cleanup races ours: remove
 * each announced container until the engine says it is gone (404).
 */
async function removeLeftovers(docker: Docker, ids: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const id of ids) {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await docker.getContainer(id).remove({ force: true, v: true });
        removed.push(id);
        break;
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        if (status === 404) {
          break;
        }
        if (status !== 409) {
          throw err;
        }
        // 409: removal already in progress (the builder's own cleanup) — ask again until it is gone.
        await new Promise((r) => setImmediate(r));
      }
    }
  }
  return removed;
}
