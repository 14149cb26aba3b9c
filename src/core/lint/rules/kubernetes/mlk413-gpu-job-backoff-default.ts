import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { gpuJobScopes } from './jobs';

/**
 * A PyTorchJob's elasticPolicy.maxRestarts reaches only torchrun (as PET_MAX_RESTARTS): it bounds the restarts of the
 * worker processes inside a pod, not the pod restarts the operator leaves to backoffLimit.
 */
function elasticRestarts(obj: KubeObject): string {
  const maxRestarts = obj.kind === 'PyTorchJob' ? obj.view.str(obj.view.at(obj.root, ['spec', 'elasticPolicy', 'maxRestarts'])) : undefined;
  return maxRestarts !== undefined ? ` (elasticPolicy.maxRestarts: ${maxRestarts} only bounds torchrun's restarts of the processes inside a pod)` : '';
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK413',
    name: 'gpu-job-backoff-default',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU Job (or CronJob job template, or training CRD runPolicy) has no explicit backoffLimit.',
  },
  check(ctx) {
    if (!ctx.object) {
      return [];
    }
    const view = ctx.object.view;
    const out: RuleFinding[] = [];
    for (const scope of gpuJobScopes(ctx.object, ctx.cluster)) {
      // A placeholder (pause, perf-tests sleep) only holds the GPU: its retries cost nothing.
      if (scope.backoffLimit === false || scope.placeholder || (scope.fields && view.get(scope.fields, 'backoffLimit') !== undefined)) {
        continue;
      }
      const edit = scope.fields && wantsFixes(ctx) ? insertIntoMap(view, scope.fields, 'backoffLimit: 1') : undefined;
      const message = scope.unlimitedRetries
        ? `${scope.label} has no ${scope.runPolicy ?? 'runPolicy'}.backoffLimit, so ${scope.runPolicy === 'spec' ? 'KubeDL' : 'the training operator'} sets no limit: with restartPolicy OnFailure or ExitCode a failing run restarts on ${scope.noun}s indefinitely${elasticRestarts(ctx.object)}; set ${scope.runPolicy === 'spec' ? 'spec.' : ''}backoffLimit.`
        : scope.runPolicy
          ? `${scope.label} has no ${scope.runPolicy}.backoffLimit, so a failing run is retried 6 times with back-off on ${scope.noun}s; set ${scope.runPolicy}.backoffLimit.`
          : scope.appWrapperRepeats
            ? `${scope.label} has no backoffLimit, so a failing run is retried 6 times with back-off on ${scope.noun}s, and all over again after each reset by its AppWrapper (up to its retryLimit, 3 by default): with restartPolicy OnFailure the containers restart in place, where the AppWrapper sees no failed pod; set backoffLimit, or restartPolicy: Never to leave the retries to the AppWrapper.`
            : `${scope.label} has no backoffLimit, so a failing run is retried 6 times with back-off on ${scope.noun}s; set backoffLimit (and a podFailurePolicy that fails on application exit codes).`;
      out.push(finding(scope.anchor, message, edit ? { title: 'Add backoffLimit: 1', edits: [edit] } : undefined));
    }
    return out;
  },
};
