import { hpaTarget, objectsOfKind } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { isControllerOwned } from '../../kubernetes/model';

export const rule: CrossRule = {
  meta: {
    id: 'MLX010',
    name: 'hpa-target-sets-replicas',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeScore: ['deployment-targeted-by-hpa-does-not-have-replicas-configured'] },
    description: 'A workload targeted by an HPA sets spec.replicas, so every apply resets the scale.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const hpa of objectsOfKind(ws, 'HorizontalPodAutoscaler')) {
      const target = hpaTarget(ws, hpa);
      if (!target) {
        continue;
      }
      const view = target.obj.view;
      const range = view.rangeOfKey(target.obj.root, ['spec', 'replicas']);
      // A controller's object (a kubectl export) holds the replicas its owner or the HPA wrote; nobody applies it.
      if (!range || isControllerOwned(target.obj)) {
        continue;
      }
      const line = range.start.line;
      out.push({
        path: target.path,
        range,
        object: target.obj,
        message: `${target.obj.kind ?? 'the workload'} ${target.obj.name ?? ''} is scaled by HPA ${hpa.obj.name ?? ''} but sets spec.replicas, so every apply resets the scale; remove replicas and let the HPA own it.`,
        related: { file: hpa.path, range: hpa.obj.anchor, message: 'the HPA that scales this workload' },
        fix: { title: 'Remove spec.replicas', edits: [{ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' }] },
      });
    }
    return out;
  },
};
