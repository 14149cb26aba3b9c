import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { isBatchJob } from '../../kubernetes/model';

/**
 * A batch Job (not a CronJob's template) that runs one pod to completion: `completions` and `parallelism` unset or 1.
 * No rollout or added replica makes new pods for it; only a retry does, and `backoffLimit: 0` allows none.
 */
export function runOnceJob(obj: KubeObject, pod: PodSpecRef): { retries: boolean } | undefined {
  const fields = pod.jobFields;
  if (obj.kind !== 'Job' || !isBatchJob(obj) || fields === undefined) {
    return undefined;
  }
  const view = obj.view;
  const single = (key: string): boolean => {
    const value = view.text(fields, key);
    return value === undefined || value === '1';
  };
  return single('completions') && single('parallelism') ? { retries: view.text(fields, 'backoffLimit') !== '0' } : undefined;
}
