import type { KubeObject } from '../../core/kubernetes/manifests';
import { restartPatch, rolloutStatus, type RolloutKind, type RolloutStatus } from '../../core/kubernetes/rollout';
import type { ClusterClient } from './cluster-client';

const apiVersion = 'apps/v1';

export interface RolloutWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  onProgress?: (status: RolloutStatus) => void;
}

export type RolloutResult = RolloutStatus | { state: 'timeout' | 'cancelled' | 'gone'; message: string };

/** Watches one workload until its rollout is done or failed, the timeout passes, or the signal aborts. */
export function waitForRollout(client: Pick<ClusterClient, 'watchObject'>, kind: RolloutKind, namespace: string, name: string, options: RolloutWaitOptions): Promise<RolloutResult> {
  return new Promise((resolve) => {
    let last: RolloutStatus | undefined;
    let stop = () => undefined as void;
    const finish = (r: RolloutResult) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancelled);
      stop();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ state: 'timeout', message: `${kind} ${namespace}/${name} did not finish rolling out within ${Math.round(options.timeoutMs / 1000)} s; last status: ${last?.message ?? 'none yet'}` }),
      options.timeoutMs,
    );
    const cancelled = () => finish({ state: 'cancelled', message: `Stopped watching the rollout of ${kind} ${namespace}/${name}; it goes on in the cluster.` });
    if (options.signal?.aborted) {
      cancelled();
      return;
    }
    options.signal?.addEventListener('abort', cancelled, { once: true });
    stop = client.watchObject(
      { apiVersion, kind, namespace, name },
      (o: KubeObject | undefined) => {
        if (!o) {
          finish({ state: 'gone', message: `${kind} ${namespace}/${name} does not exist (or was deleted).` });
          return;
        }
        const s = rolloutStatus(kind, o);
        if (s.message !== last?.message) {
          last = s;
          options.onProgress?.(s);
        }
        if (s.state !== 'progressing') {
          finish(s);
        }
      },
      () => undefined,
    );
  });
}

/** `kubectl rollout restart`: stamps the pod template so the controller rolls every pod. */
export async function restartRollout(client: Pick<ClusterClient, 'patchObject'>, kind: RolloutKind, namespace: string, name: string, at = new Date()): Promise<void> {
  await client.patchObject({ apiVersion, kind, namespace, name }, restartPatch(at));
}
