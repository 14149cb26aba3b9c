import type { Node } from 'yaml';
import { containersOf, hasKindIn, objectNamed } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { Range } from '../../types';

interface Reference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  range: Range;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX014',
    name: 'referenced-config-missing',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['env-value-from'] },
    description: 'An env/envFrom/volume reference names a Secret or ConfigMap that is not in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const entry of ws.objects) {
      const view = entry.obj.view;
      const refs: Reference[] = [];
      const add = (kind: Reference['kind'], node: Node | undefined, key: string): void => {
        const name = view.text(node, key);
        const range = view.valueRange(node, key);
        if (node !== undefined && name !== undefined && range && view.bool(node, 'optional') !== true) {
          refs.push({ kind, name, range });
        }
      };
      for (const { c } of containersOf(entry)) {
        for (const env of view.items(view.get(c.node, 'env'))) {
          add('Secret', view.at(env, ['valueFrom', 'secretKeyRef']), 'name');
          add('ConfigMap', view.at(env, ['valueFrom', 'configMapKeyRef']), 'name');
        }
        for (const from of view.items(view.get(c.node, 'envFrom'))) {
          add('Secret', view.get(from, 'secretRef'), 'name');
          add('ConfigMap', view.get(from, 'configMapRef'), 'name');
        }
      }
      for (const pod of entry.obj.podSpecs) {
        for (const vol of view.items(view.get(pod.spec, 'volumes'))) {
          add('Secret', view.get(vol, 'secret'), 'secretName');
          add('ConfigMap', view.get(vol, 'configMap'), 'name');
        }
      }
      for (const ref of refs) {
        // Trap T22: with no object of that kind in the namespace, it is managed elsewhere (HF token Secrets usually are).
        if (!hasKindIn(ws, ref.kind, entry.namespace) || objectNamed(ws, ref.kind, entry.namespace, ref.name)) {
          continue;
        }
        out.push({ path: entry.path, range: ref.range, object: entry.obj, message: `${ref.kind} "${ref.name}" is not in namespace ${entry.namespace} in scope, though other ${ref.kind}s are; add it, fix the name, or mark the reference optional: true.` });
      }
    }
    return out;
  },
};
