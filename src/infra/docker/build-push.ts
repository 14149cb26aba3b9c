import type Docker from 'dockerode';
import { explainPushError, PushProgress, type LayerState, type PushMessage } from '../../core/docker/build-push-progress';
import { describeAuthSource, registryOf } from '../../core/docker/build-registry-auth';
import { resolveRegistryAuth, type AuthOptions } from './registry-auth';

/** `docker tag source repo:tag` through the API. */
export async function tagImage(docker: Docker, source: string, target: string): Promise<void> {
  const at = target.lastIndexOf(':');
  const hasTag = at > target.lastIndexOf('/');
  await docker.getImage(source).tag({ repo: hasTag ? target.slice(0, at) : target, tag: hasTag ? target.slice(at + 1) : 'latest' });
}

export interface PushRun extends AuthOptions {
  ref: string;
  signal?: AbortSignal;
  onLayer?: (layer: LayerState, progress: PushProgress) => void;
  /** Where the credentials came from (never the credentials). */
  onAuthSource?: (description: string) => void;
}

export type PushOutcome = { ok: true; digest?: string; layers: number } | { ok: false; message: string; raw: string; cancelled?: boolean };

/** Pushes with credentials from the docker config; errors come back explained, never with credentials in them. */
export async function pushImage(docker: Docker, run: PushRun): Promise<PushOutcome> {
  const registry = registryOf(run.ref);
  const resolved = await resolveRegistryAuth(run.ref, run);
  run.onAuthSource?.(describeAuthSource(resolved.source));
  const at = run.ref.lastIndexOf(':');
  const hasTag = at > run.ref.lastIndexOf('/');
  const name = hasTag ? run.ref.slice(0, at) : run.ref;
  const progress = new PushProgress();
  try {
    const stream = (await docker.getImage(name).push({
      tag: hasTag ? run.ref.slice(at + 1) : 'latest',
      // dockerode sends it as the base64 X-Registry-Auth header; an empty object means anonymous.
      authconfig: resolved.auth ?? {},
      ...(run.signal ? { abortSignal: run.signal } : {}),
    } as unknown as Docker.ImagePushOptions));
    await new Promise<void>((resolve, reject) => {
      let rest = '';
      const onLine = (line: string) => {
        if (!line.trim()) {
          return;
        }
        try {
          const layer = progress.apply(JSON.parse(line) as PushMessage);
          if (layer) {
            run.onLayer?.(layer, progress);
          }
        } catch {
          // a non-JSON line: ignore
        }
      };
      stream.on('data', (chunk: Buffer | string) => {
        rest += chunk.toString();
        let nl: number;
        while ((nl = rest.indexOf('\n')) >= 0) {
          onLine(rest.slice(0, nl));
          rest = rest.slice(nl + 1);
        }
      });
      stream.on('end', () => {
        onLine(rest);
        resolve();
      });
      stream.on('error', reject);
    });
  } catch (err) {
    if (run.signal?.aborted) {
      return { ok: false, message: 'push cancelled', raw: 'cancelled', cancelled: true };
    }
    const raw = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
    return { ok: false, message: explainPushError(raw, registry), raw };
  }
  if (progress.error !== undefined) {
    return { ok: false, message: explainPushError(progress.error, registry), raw: progress.error };
  }
  return { ok: true, layers: progress.layers.size, ...(progress.digest ? { digest: progress.digest } : {}) };
}
