import type { Node } from 'yaml';
import { containersOf, hpaTarget, objectsOfKind } from '../../cross/kube';
import type { ObjectEntry } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { Range } from '../../types';

/** The cpu/memory Utilization metrics of an HPA (v2 `metrics`, or v1 `targetCPUUtilizationPercentage`), with ranges. */
export function utilizationMetrics(hpa: ObjectEntry): { resource: string; range: Range }[] {
  const view = hpa.obj.view;
  const out: { resource: string; range: Range }[] = [];
  const v1 = view.rangeOfKey(hpa.obj.root, ['spec', 'targetCPUUtilizationPercentage']);
  if (v1) {
    out.push({ resource: 'cpu', range: v1 });
  }
  for (const m of view.items(view.at(hpa.obj.root, ['spec', 'metrics']))) {
    const resource = view.text(view.get(m, 'resource'), 'name');
    const type = view.text(view.at(m, ['resource', 'target']), 'type');
    const range = view.valueRange(view.get(m, 'resource'), 'name');
    if (view.text(m, 'type') === 'Resource' && (resource === 'cpu' || resource === 'memory') && type === 'Utilization' && range) {
      out.push({ resource, range });
    }
  }
  return out;
}

/** Kubernetes copies a limit into an unset request, so a container with only `limits.cpu` has a cpu request. */
function hasEffectiveRequest(target: ObjectEntry, container: Node, resource: string): boolean {
  const view = target.obj.view;
  return view.at(container, ['resources', 'requests', resource]) !== undefined || view.at(container, ['resources', 'limits', resource]) !== undefined;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX011',
    name: 'hpa-utilization-without-requests',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "An HPA scales on cpu/memory Utilization but the target's containers lack that request, so it cannot compute utilization.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const hpa of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const target = hpaTarget(ws, hpa);
      if (!target) {
        continue;
      }
      for (const metric of utilizationMetrics(hpa)) {
        const missing = containersOf(target, ['containers']).filter(({ c }) => !hasEffectiveRequest(target, c.node, metric.resource));
        if (missing.length === 0) {
          continue;
        }
        const names = missing.map(({ c }) => c.name ?? '?').join(', ');
        out.push({
          path: hpa.path,
          range: metric.range,
          object: hpa.obj,
          message: `HPA scales on ${metric.resource} Utilization, but container(s) ${names} of ${target.obj.kind ?? ''} ${target.obj.name ?? ''} set neither resources.requests.${metric.resource} nor limits.${metric.resource}, so the HPA cannot compute utilization; add the request to the target.`,
          related: { file: target.path, range: (missing[0] as (typeof missing)[number]).c.anchor, message: 'a container without the request' },
        });
      }
    }
    return out;
  },
};
