import type { KubernetesRule, KubernetesContext } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { acceleratorNoun, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { KubeObject } from '../../kubernetes/model';
import { trainingReplicaKeys } from '../../kubernetes/model';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { rayJobKeepsCluster } from './ray-job-cluster';
import { trainingRunPolicy } from '../../kubernetes/training-run-policy';

/** A RayJob that leaves its RayCluster (and its accelerators, when it has any) running once the job is done. */
function rayJobFindings(ctx: KubernetesContext, obj: KubeObject): RuleFinding[] {
  const view = obj.view;
  const spec = view.map(view.get(obj.root, 'spec'));
  if (!spec || !rayJobKeepsCluster(view, spec)) {
    return [];
  }
  const accelerated = obj.podSpecs.filter((p) => podRequestsAccelerator(view, p, ctx.cluster));
  const holding = accelerated.length > 0 ? ` (and its ${acceleratorNoun(view, accelerated, ctx.cluster)}s)` : '';
  const ttl = view.get(spec, 'ttlSecondsAfterFinished') !== undefined ? '; its ttlSecondsAfterFinished acts only then' : ' (and ttlSecondsAfterFinished to keep it a while for its logs)';
  const message = `This RayJob keeps its RayCluster${holding} running after the job finishes, as shutdownAfterJobFinishes defaults to false; set shutdownAfterJobFinishes: true${ttl}.`;
  const edit = wantsFixes(ctx) ? insertIntoMap(view, spec, 'shutdownAfterJobFinishes: true') : undefined;
  return [finding(view.rangeOfKey(obj.root, ['spec']) ?? obj.anchor, message, edit ? { title: 'Add shutdownAfterJobFinishes: true', edits: [edit] } : undefined)];
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK314',
    name: 'job-ttl-missing',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: { kubeLinter: ['job-ttl-seconds-after-finished'] },
    description: 'A standalone Job (or a training CRD runPolicy) has no ttlSecondsAfterFinished, or a RayJob keeps its RayCluster after the job finishes.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj) {
      return out;
    }
    const view = obj.view;
    const training = obj.kind !== undefined && Object.prototype.hasOwnProperty.call(trainingReplicaKeys, obj.kind);
    // Jobs created from a CronJob template are skipped (KL semantics).
    // A Job of another API group (Cloud Run's run.googleapis.com Job) is not a batch Job: no TTL controller reads it.
    // An AppWrapper deletes its components once it has finished: on failure at once, on success after its
    // successTTLDuration (7 days by default).
    if ((obj.kind !== 'Job' && obj.kind !== 'RayJob' && !training) || (obj.kind === 'Job' && obj.workload === 'other') || obj.appWrapper) {
      return out;
    }
    // An Argo CD or Helm hook Job is deleted by its hook policy (a TTL can leave the sync stuck), and an Argo CD-managed
    // Job removed by a TTL reads as OutOfSync and is run again.
    const annotations = view.entries(view.at(obj.root, ['metadata', 'annotations'])).map(([k]) => k);
    if (annotations.some((k) => k === 'helm.sh/hook' || k.startsWith('argocd.argoproj.io/'))) {
      return out;
    }
    if (obj.kind === 'RayJob') {
      return rayJobFindings(ctx, obj);
    }
    const runPolicy = obj.kind === 'Job' ? undefined : trainingRunPolicy(obj);
    const fields = runPolicy ? runPolicy.fields : view.map(view.get(obj.root, 'spec'));
    if (fields && view.get(fields, 'ttlSecondsAfterFinished') !== undefined) {
      return out;
    }
    const anchor = (runPolicy ? runPolicy.anchor : view.rangeOfKey(obj.root, ['spec'])) ?? obj.anchor;
    const edit = fields && wantsFixes(ctx) ? insertIntoMap(view, fields, 'ttlSecondsAfterFinished: 86400') : undefined;
    const field = runPolicy?.path === 'spec' ? 'spec.ttlSecondsAfterFinished' : 'ttlSecondsAfterFinished';
    out.push(finding(anchor, `This ${obj.kind ?? 'Job'} has no ${field}, so finished runs and their pods pile up; set a TTL (e.g. 86400).`, edit ? { title: 'Add ttlSecondsAfterFinished: 86400', edits: [edit] } : undefined));
    return out;
  },
};
