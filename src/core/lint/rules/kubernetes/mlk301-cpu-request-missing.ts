import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { scalarText } from '../../yaml/access';
import { appAndInitContainers, containerLabel, containers, finding, initRunsInPodRequest, insertIntoMap, kserveDefaultsCpuAndMemory, resourcesSetAtRunTime, wantsFixes } from './helpers';
import { vllmRuntimeResourcesField } from './vllm-runtime-resources';

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
    description: 'A container has no resources.requests.cpu (an init container only when no app container requests CPU).',
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
      const edit = !wantsFixes(ctx) ? undefined : requests ? insertIntoMap(view, requests, 'cpu: 500m') : resources ? insertIntoMap(view, resources, 'requests:\n  cpu: 500m') : insertIntoMap(view, c.node, 'resources:\n  requests:\n    cpu: 500m');
      // The message names the one missing field (trap T31), and what Kubernetes does without it: a limit alone is copied to the request.
      const limit = scalarText(view.resolve(view.at(c.node, ['resources', 'limits', 'cpu'])));
      const why = limit !== undefined ? `so Kubernetes reserves its whole CPU limit (${limit}) as the request; set a request that matches its usage (equal to the limit for Guaranteed QoS)` : 'so the scheduler assumes it needs no CPU; set a CPU request';
      out.push(finding(c.anchor, `${containerLabel(c)} has no resources.requests.cpu, ${why}.`, edit ? { title: 'Add a CPU request (500m)', edits: [edit] } : undefined));
    }
    return out;
  },
};
