import { isArgoWorkflow } from '../../kubernetes/argo-workflow-pods';
import type { KubeObject } from '../../kubernetes/model';

/** Kueue's label for a job's maximum execution time: once admitted that long, Kueue deactivates the Workload and stops the job. */
const maxExecTimeLabel = 'kueue.x-k8s.io/max-exec-time-seconds';

/**
 * Whether Kueue caps the job's run time: its labels (a CronJob's job template's, which its Jobs get) hold
 * `kueue.x-k8s.io/max-exec-time-seconds` with a positive number of seconds. Kueue reads the label from the job
 * objects it integrates (Job, JobSet, RayJob, the training operators' jobs, an AppWrapper, whose controller then
 * deletes its components), not from Argo's workflows or KEDA's ScaledJobs.
 */
export function kueueCapsExecutionTime(obj: KubeObject): boolean {
  if (obj.appWrapper && kueueCapsExecutionTime(obj.appWrapper)) {
    return true;
  }
  if (isArgoWorkflow(obj) || obj.kind === 'ScaledJob') {
    return false;
  }
  const view = obj.view;
  const metadata = obj.kind === 'CronJob' ? view.at(obj.root, ['spec', 'jobTemplate', 'metadata']) : view.get(obj.root, 'metadata');
  const seconds = view.text(view.get(metadata, 'labels'), maxExecTimeLabel);
  return seconds !== undefined && /^[1-9]\d*$/.test(seconds);
}
