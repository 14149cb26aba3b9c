import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { ContainerRef, KubeObject } from '../../kubernetes/model';
import { parseQuantity } from '../../kubernetes/quantity';
import { scalarText } from '../../yaml/access';
import { appAndInitContainers, containerLabel, containers, finding, initRunsInPodRequest, insertIntoMap, kserveDefaultsCpuAndMemory, resourcesSetAtRunTime, wantsFixes } from './helpers';
import { vllmRuntimeResourcesField } from './vllm-runtime-resources';

/**
 * The container sets a CPU limit (not zero): Kubernetes copies a limit given without a request into the request, so the
 * scheduler reserves the limit and nothing is missing.
 */
function limitBecomesRequest(obj: KubeObject, c: ContainerRef): boolean {
  const limit = scalarText(obj.view.resolve(obj.view.at(c.node, ['resources', 'limits', 'cpu'])));
  return limit !== undefined && parseQuantity(limit) !== 0;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK301',
    name: 'cpu-request-missing',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['unset-cpu-requirements'], kubeScore: ['container-resources'], polaris: ['cpuRequestsMissing'] },
    description: 'A container has no resources.requests.cpu and no CPU limit, which Kubernetes would copy to the request (an init container only when no app container requests CPU).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      if (resourcesSetAtRunTime(obj, c) || kserveDefaultsCpuAndMemory(obj, pod, c)) {
        continue;
      }
      const view = obj.view;
      if (view.at(c.node, ['resources', 'requests', 'cpu']) !== undefined || initRunsInPodRequest(view, pod, c, 'cpu')) {
        continue;
      }
      const requests = view.map(view.at(c.node, ['resources', 'requests']));
      const resources = view.map(view.get(c.node, 'resources'));
      const operatorField = vllmRuntimeResourcesField(obj, pod);
      if (operatorField !== undefined) {
        out.push(finding(c.anchor, `${containerLabel(c)} has no ${operatorField}.cpu, so the scheduler assumes it needs no CPU; set ${operatorField}.cpu (the operator makes it both the request and the limit).`));
        continue;
      }
      if (limitBecomesRequest(obj, c)) {
        continue;
      }
      const edit = !wantsFixes(ctx) ? undefined : requests ? insertIntoMap(view, requests, 'cpu: 500m') : resources ? insertIntoMap(view, resources, 'requests:\n  cpu: 500m') : insertIntoMap(view, c.node, 'resources:\n  requests:\n    cpu: 500m');
      // The message names the one missing field (trap T31).
      out.push(finding(c.anchor, `${containerLabel(c)} has no resources.requests.cpu, so the scheduler assumes it needs no CPU; set a CPU request.`, edit ? { title: 'Add a CPU request (500m)', edits: [edit] } : undefined));
    }
    return out;
  },
};
