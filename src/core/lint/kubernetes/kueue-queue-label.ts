import type { Node, Pair } from 'yaml';
import type { YamlView } from '../yaml/access';
import type { YamlFile } from '../yaml/parse';
import type { KubeObject } from './model';
import { isBatchJob } from './model';
import { apiGroupOf } from './operator-pods';

export const queueLabel = 'kueue.x-k8s.io/queue-name';

/**
 * The kinds Kueue admits through a job integration, by API group: it reads the queue from the object's own
 * `metadata.labels` (jobframework's QueueName reads `job.Object().GetLabels()`), and leaves the pods the job makes to
 * the job. A plain Pod, or a Deployment's pods under the pod integration, are queued by the pod's own label instead.
 */
const jobIntegrationKinds: Record<string, ReadonlySet<string>> = {
  batch: new Set(['Job']),
  'jobset.x-k8s.io': new Set(['JobSet']),
  'ray.io': new Set(['RayJob']),
  'kubeflow.org': new Set(['PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob']),
  'trainer.kubeflow.org': new Set(['TrainJob']),
};

/** Whether Kueue reads the object's queue from its own labels only (see jobIntegrationKinds). */
export function queuedByOwnLabel(obj: KubeObject): boolean {
  if (obj.kind === 'Job' && !isBatchJob(obj)) {
    return false;
  }
  return jobIntegrationKinds[apiGroupOf(obj.apiVersion)]?.has(obj.kind ?? '') === true;
}

function queueNamedOn(obj: KubeObject): string | undefined {
  const metadata = obj.view.get(obj.root, 'metadata');
  return obj.view.text(obj.view.get(metadata, 'labels'), queueLabel) ?? obj.view.text(obj.view.get(metadata, 'annotations'), queueLabel);
}

/**
 * The queue named on the object itself: its label, else the annotation older Kueue releases still read. For an
 * AppWrapper's component, the AppWrapper's first: Kueue admits the AppWrapper, which then creates the component.
 */
export function ownQueueName(obj: KubeObject): string | undefined {
  return (obj.appWrapper ? queueNamedOn(obj.appWrapper) : undefined) ?? queueNamedOn(obj);
}

/** The first queue label in a `metadata.labels` mapping at or below `node`. */
function nestedQueueLabel(view: YamlView, node: Node | undefined): Pair | undefined {
  const seq = view.seq(node);
  if (seq) {
    for (const item of view.list(seq)) {
      const found = nestedQueueLabel(view, item);
      if (found) {
        return found;
      }
    }
    return undefined;
  }
  for (const pair of view.pairs(node)) {
    const value = pair.value as Node | undefined;
    const found = (view.keyOf(pair) === 'metadata' ? view.pair(view.get(value, 'labels'), queueLabel) : undefined) ?? nestedQueueLabel(view, value);
    if (found) {
      return found;
    }
  }
  return undefined;
}

const queueLabelInText = Symbol('queueLabelInText');
type FileWithQueueLabelHint = YamlFile & { [queueLabelInText]?: boolean };

/**
 * Whether the file's text may hold a queue label: it names the label, or escapes a character (a double-quoted key may
 * spell the label with escapes). Decided once per file, so that the jobs of files naming no queue are not searched.
 */
function fileMayHoldQueueLabel(file: YamlFile): boolean {
  const kept = file as FileWithQueueLabelHint;
  return (kept[queueLabelInText] ??= file.text.includes(queueLabel) || file.text.includes('\\'));
}

/**
 * A queue label on a template of a job Kueue queues by its own label (a pod template, a JobSet's Job template, a
 * TrainJob's podTemplateOverrides) when the job itself carries none: Kueue never reads it there. None for an
 * AppWrapper's component, which Kueue queues by the AppWrapper's label.
 */
export function templateOnlyQueueLabel(obj: KubeObject): Pair | undefined {
  if (obj.appWrapper || !fileMayHoldQueueLabel(obj.view.file) || !queuedByOwnLabel(obj) || ownQueueName(obj) !== undefined) {
    return undefined;
  }
  return nestedQueueLabel(obj.view, obj.view.get(obj.root, 'spec'));
}

/** Whether the job is created suspended (`spec.suspend`, a Kubeflow training job's `spec.runPolicy.suspend`). */
export function createdSuspended(obj: KubeObject): boolean {
  const spec = obj.view.get(obj.root, 'spec');
  return (obj.view.bool(spec, 'suspend') ?? obj.view.bool(obj.view.get(spec, 'runPolicy'), 'suspend')) === true;
}
