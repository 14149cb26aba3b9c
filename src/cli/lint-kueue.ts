import type { KueueObjects } from '../core/lint/kubernetes/kueue';
import { kueueObjects, mayDeclareKueueObjects, mayUseKueueQueue, mergeKueueObjects } from '../core/lint/kubernetes/kueue';
import type { YamlFile } from '../core/lint/yaml/parse';
import type { LintJob } from './lint-file';
import { parsedOnce } from './parsed-once';

/**
 * Kueue's ResourceFlavors, ClusterQueues and LocalQueues are cluster setup, usually in files of their own (`setup/`)
 * apart from the workloads queued on them: every file of the run is read for them first, and each Kubernetes job
 * with a workload labelled `kueue.x-k8s.io/queue-name` learns them all (MLK409: the tolerations Kueue adds).
 */
export function shareKueueObjects(slots: readonly { file: string; job?: LintJob }[], parsedYaml: Map<string, YamlFile>): void {
  const found: (KueueObjects | undefined)[] = [];
  for (const s of slots) {
    if (s.job?.kind === 'kubernetes' && mayDeclareKueueObjects(s.job.text)) {
      found.push(kueueObjects(parsedOnce(parsedYaml, s.file, s.job.text)));
    }
  }
  const kueue = mergeKueueObjects(found);
  if (!kueue) {
    return;
  }
  for (const s of slots) {
    if (s.job?.kind === 'kubernetes' && mayUseKueueQueue(s.job.text)) {
      s.job.kueue = kueue;
    }
  }
}
