import type { KubernetesRule } from '../../kubernetes/rule';
import { podFieldPatched } from '../../kubernetes/kustomize-patched-fields';
import { isBatchJob } from '../../kubernetes/model';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

const controllers = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK006',
    name: 'restart-policy-invalid',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: { kubeScore: ['cronjob-restartpolicy'], kubeLinter: ['restart-policy'] },
    description: 'A Job pod template uses restartPolicy Always (or leaves it unset), or a controller uses anything but Always.',
  },
  check(ctx) {
    const obj = ctx.object;
    const out: RuleFinding[] = [];
    if (!obj) {
      return out;
    }
    const view = obj.view;
    const job = isBatchJob(obj) || obj.kind === 'CronJob';
    if (!job && !controllers.has(obj.kind ?? '')) {
      return out;
    }
    for (const pod of obj.podSpecs) {
      // A kustomize patch over the file writes the policy (one patch for every Job of a base): the manifest's is not the one applied.
      if (podFieldPatched(ctx.kustomizeBuild, obj, pod, 'restartPolicy')) {
        continue;
      }
      const policy = view.text(pod.spec, 'restartPolicy');
      const wrong = job ? policy === undefined || policy === 'Always' : policy !== undefined && policy !== 'Always';
      const at = wrong ? view.valueRange(pod.spec, 'restartPolicy') : undefined;
      if (job && wrong) {
        const edit = !wantsFixes(ctx) ? undefined : at ? { range: at, newText: 'Never' } : insertIntoMap(view, pod.spec, 'restartPolicy: Never');
        const msg = policy === undefined ? `This ${obj.kind ?? 'Job'}'s pod template leaves restartPolicy unset (Always), which the API server rejects for Jobs; set restartPolicy: Never or OnFailure.` : `restartPolicy Always is not allowed in a ${obj.kind ?? 'Job'}; set Never or OnFailure.`;
        out.push(finding(at ?? pod.anchor, msg, edit ? { title: 'Set restartPolicy: Never', edits: [edit] } : undefined));
      } else if (!job && wrong && at) {
        out.push(finding(at, `A ${obj.kind ?? 'controller'} only accepts restartPolicy Always; remove the field (or use a Job for run-to-completion work).`));
      }
    }
    return out;
  },
};
