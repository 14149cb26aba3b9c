import type { Pair, YAMLMap } from 'yaml';
import { createdSuspended, queueLabel, templateOnlyQueueLabel } from '../../kubernetes/kueue-queue-label';
import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding, TextEdit } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

const batchKinds = new Set(['Job', 'JobSet', 'RayJob', 'PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'TrainJob']);

/** A queue name that can be written as a plain YAML scalar (a LocalQueue name is a DNS subdomain). */
const plainQueueName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** The edit that adds `queue` as the object's own queue label: into metadata.labels, or a new labels mapping. */
function ownLabelEdit(obj: KubeObject, metadata: YAMLMap | undefined, queue: string): TextEdit | undefined {
  const labels = obj.view.map(obj.view.get(metadata, 'labels'));
  if (labels) {
    return insertIntoMap(obj.view, labels, `${queueLabel}: ${queue}`);
  }
  return metadata ? insertIntoMap(obj.view, metadata, `labels:\n  ${queueLabel}: ${queue}`) : undefined;
}

/** The queue label sits on a template only: Kueue reads the job's own label, so the job never enters the queue. */
function templateOnlyFinding(ctx: KubernetesContext, obj: KubeObject, label: Pair): RuleFinding[] {
  const view = obj.view;
  const anchor = view.range(label);
  if (!anchor) {
    return [];
  }
  const kind = obj.kind ?? 'job';
  const outcome = createdSuspended(obj) ? 'it stays suspended' : 'it starts outside the queue and its quota (or, created with suspend: true, stays suspended)';
  const message = `This ${kind} has ${queueLabel} on a template only, but Kueue reads the queue from the ${kind}'s own metadata.labels, so it never admits the ${kind}: ${outcome}; copy the label to metadata.labels.`;
  const queue = view.str(label.value);
  const edit = wantsFixes(ctx) && queue !== undefined && plainQueueName.test(queue) ? ownLabelEdit(obj, view.map(view.get(obj.root, 'metadata')), queue) : undefined;
  return [finding(anchor, message, edit ? { title: `Copy ${queueLabel}: ${queue} to metadata.labels`, edits: [edit] } : undefined)];
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK422',
    name: 'kueue-queue-name-missing',
    family: 'ml',
    severity: 'info',
    // On by default for the template-only label, which needs no profile; the missing label needs cluster.kueue.
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A job Kueue queues by its own label carries kueue.x-k8s.io/queue-name on a template only, or (with cluster.kueue) a batch workload lacks the label.',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj) {
      return [];
    }
    // The label on a template is evidence of Kueue in itself: no cluster.kueue needed.
    const templateLabel = templateOnlyQueueLabel(obj);
    if (templateLabel) {
      return templateOnlyFinding(ctx, obj, templateLabel);
    }
    // An AppWrapper's component is admitted with the AppWrapper, by the AppWrapper's label.
    if (!ctx.cluster.kueue || !batchKinds.has(obj.kind ?? '') || obj.appWrapper) {
      return [];
    }
    const view = obj.view;
    const metadata = view.map(view.get(obj.root, 'metadata'));
    const labels = view.map(view.get(metadata, 'labels'));
    if (view.get(labels, queueLabel) !== undefined) {
      return [];
    }
    const option = ctx.settings.ruleOptions.MLK422?.queueName;
    const queue = typeof option === 'string' ? option : 'default';
    const anchor = view.valueRange(metadata, 'name') ?? obj.anchor;
    const edit = wantsFixes(ctx) ? ownLabelEdit(obj, metadata, queue) : undefined;
    return [finding(anchor, `This ${obj.kind ?? 'batch workload'} has no ${queueLabel} label, so Kueue does not admit it; add the label with your LocalQueue name.`, edit ? { title: `Add ${queueLabel}: ${queue}`, edits: [edit] } : undefined)];
  },
};
