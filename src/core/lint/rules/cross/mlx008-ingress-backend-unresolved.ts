import type { Node } from 'yaml';
import { closest } from '../../cross/closest';
import { hasKindIn, kubeRayServiceGuess, kubeRayServiceOutOfScope, objectAppliedTogether, objectNamed, objectsOfKind, operatorMadeService, replacedField } from '../../cross/kube';
import type { ObjectEntry } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';

/** Each Service backend of an Ingress, with its field path (`spec.rules.0.http.paths.1.backend.service`). */
function backends(ing: ObjectEntry): { node: Node; path: string }[] {
  const view = ing.obj.view;
  const out: { node: Node; path: string }[] = [];
  const d = view.at(ing.obj.root, ['spec', 'defaultBackend', 'service']);
  if (d) {
    out.push({ node: d, path: 'spec.defaultBackend.service' });
  }
  view.items(view.at(ing.obj.root, ['spec', 'rules'])).forEach((r, i) =>
    view.items(view.at(r, ['http', 'paths'])).forEach((p, j) => {
      const s = view.at(p, ['backend', 'service']);
      if (s) {
        out.push({ node: s, path: `spec.rules.${i}.http.paths.${j}.backend.service` });
      }
    }),
  );
  return out;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX008',
    name: 'ingress-backend-unresolved',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['dangling-ingress'], kubeScore: ['ingress-targets-service'] },
    description: 'An Ingress backend names a Service, or a Service port, that is not in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const ing of objectsOfKind(ws, 'Ingress')) {
      if (!hasKindIn(ws, 'Service', ing.namespace)) {
        continue;
      }
      const view = ing.obj.view;
      const services = objectsOfKind(ws, 'Service', ing.namespace);
      for (const { node: backend, path } of backends(ing)) {
        const name = view.text(backend, 'name');
        const nameRange = view.valueRange(backend, 'name');
        // A backend a kustomization's replacements write is not the one in the manifest.
        if (name === undefined || !nameRange || replacedField(ing, `${path}.name`)) {
          continue;
        }
        const svc = objectNamed(ws, 'Service', ing.namespace, name) ?? objectAppliedTogether(ws, ing, 'Service', name);
        // KubeRay's `<rayservice>-serve-svc`, KServe's `<isvc>-predictor`: made by the operator, with its ports, also for a
        // RayCluster applied another way (a Helm release).
        if (!svc && (operatorMadeService(ws, ing.namespace, name) || kubeRayServiceOutOfScope(ws, ing.namespace, name))) {
          continue;
        }
        if (!svc) {
          const guess = closest(name, services.map((s) => s.obj.name).filter((n): n is string => n !== undefined)) ?? kubeRayServiceGuess(ws, ing.namespace, name);
          out.push({
            path: ing.path,
            range: nameRange,
            object: ing.obj,
            message: `backend Service "${name}" is not in namespace ${ing.namespace} in scope${guess !== undefined ? `; did you mean "${guess}"?` : '; point the backend at an existing Service.'}`,
            ...(guess !== undefined ? { fix: { title: `Use Service "${guess}"`, edits: [{ range: nameRange, newText: guess }] } } : {}),
          });
          continue;
        }
        const sview = svc.obj.view;
        const ports = sview.items(sview.at(svc.obj.root, ['spec', 'ports'])).map((p) => ({ port: sview.text(p, 'port'), name: sview.text(p, 'name') }));
        const number = view.text(view.get(backend, 'port'), 'number');
        const portName = view.text(view.get(backend, 'port'), 'name');
        const key = number !== undefined ? 'number' : 'name';
        const wanted = number ?? portName;
        const range = view.valueRange(view.get(backend, 'port'), key);
        if (wanted === undefined || !range || replacedField(ing, `${path}.port`) || replacedField(svc, 'spec.ports') || ports.some((p) => (number !== undefined ? p.port === number : p.name === portName))) {
          continue;
        }
        const offered = ports.map((p) => (number !== undefined ? p.port : p.name)).filter((v): v is string => v !== undefined);
        out.push({
          path: ing.path,
          range,
          object: ing.obj,
          message: `Service "${name}" has no port ${key === 'number' ? wanted : `named "${wanted}"`}${offered.length > 0 ? ` (it offers ${offered.join(', ')})` : ''}; use one of the Service's ports.`,
          related: { file: svc.path, range: svc.obj.anchor, message: 'the backend Service' },
          ...(offered.length === 1 ? { fix: { title: `Use port ${offered[0] as string}`, edits: [{ range, newText: offered[0] as string }] } } : {}),
        });
      }
    }
    return out;
  },
};
