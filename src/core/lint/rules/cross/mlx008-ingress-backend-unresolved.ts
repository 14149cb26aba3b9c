import type { Node } from 'yaml';
import { closest } from '../../cross/closest';
import { hasKindIn, kubeRayServiceGuess, kubeRayServiceOutOfScope, objectAppliedTogether, objectNamed, objectsOfKind, operatorMadeService, replacedField } from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlView } from '../../yaml/access';

/**
 * A reference to a Service port: the mapping that holds the Service name under `nameKey`, and the one that holds the
 * port under `portKey` (a number or a port name; `portAs` says which, or `either` for an int-or-string).
 */
interface ServiceRef {
  node: Node;
  nameKey: string;
  /** Field path of `node` (`spec.rules.0.http.paths.1.backend.service`). */
  path: string;
  portNode: Node | undefined;
  portKey: string;
  portPath: string;
  portAs: 'number' | 'name' | 'either';
  /** The namespace the reference names (a route's `backendRefs[].namespace`); unset: the referrer's. */
  namespace?: string;
}

/** networking.k8s.io/v1: `service: {name, port: {number | name}}`. */
function v1Ref(view: YamlView, svc: Node, path: string): ServiceRef {
  const port = view.get(svc, 'port');
  const portAs = view.get(port, 'number') !== undefined ? 'number' : 'name';
  return { node: svc, nameKey: 'name', path, portNode: port, portKey: portAs, portPath: `${path}.port`, portAs };
}

/** extensions/v1beta1 and networking.k8s.io/v1beta1: `backend: {serviceName, servicePort}` (int or string). */
function legacyRef(backend: Node, path: string): ServiceRef {
  return { node: backend, nameKey: 'serviceName', path, portNode: backend, portKey: 'servicePort', portPath: `${path}.servicePort`, portAs: 'either' };
}

/** Each Service backend of an Ingress, in either API's fields. */
function ingressBackends(ing: ObjectEntry): ServiceRef[] {
  const view = ing.obj.view;
  const out: ServiceRef[] = [];
  const add = (backend: Node | undefined, path: string): void => {
    const svc = view.get(backend, 'service');
    if (svc) {
      out.push(v1Ref(view, svc, `${path}.service`));
    } else if (backend && view.get(backend, 'serviceName') !== undefined) {
      out.push(legacyRef(backend, path));
    }
  };
  add(view.at(ing.obj.root, ['spec', 'defaultBackend']), 'spec.defaultBackend');
  add(view.at(ing.obj.root, ['spec', 'backend']), 'spec.backend');
  view.items(view.at(ing.obj.root, ['spec', 'rules'])).forEach((r, i) =>
    view.items(view.at(r, ['http', 'paths'])).forEach((p, j) => add(view.get(p, 'backend'), `spec.rules.${i}.http.paths.${j}.backend`)),
  );
  return out;
}

/** Gateway API route kinds whose rules send traffic to `backendRefs`. */
const routeKinds = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'];

/** Each `backendRefs` entry of a Gateway API route that names a core Service (no `group`/`kind`, or `""`/`Service`). */
function routeBackends(route: ObjectEntry): ServiceRef[] {
  const view = route.obj.view;
  const out: ServiceRef[] = [];
  view.items(view.at(route.obj.root, ['spec', 'rules'])).forEach((r, i) =>
    view.items(view.get(r, 'backendRefs')).forEach((b, j) => {
      const group = view.text(b, 'group');
      const kind = view.text(b, 'kind');
      if ((group !== undefined && group !== '') || (kind !== undefined && kind !== 'Service')) {
        return;
      }
      const path = `spec.rules.${i}.backendRefs.${j}`;
      const namespace = view.text(b, 'namespace');
      out.push({ node: b, nameKey: 'name', path, portNode: b, portKey: 'port', portPath: `${path}.port`, portAs: 'number', ...(namespace !== undefined && namespace !== '' ? { namespace } : {}) });
    }),
  );
  return out;
}

/** The Ingresses and Gateway API routes in scope, each with its Service references. */
function referrers(ws: WorkspaceModel): { entry: ObjectEntry; refs: () => ServiceRef[]; what: string }[] {
  const out = objectsOfKind(ws, 'Ingress').map((entry) => ({ entry, refs: () => ingressBackends(entry), what: 'backend' }));
  for (const kind of routeKinds) {
    for (const entry of objectsOfKind(ws, kind)) {
      if (apiGroupOf(entry.obj.apiVersion) === 'gateway.networking.k8s.io') {
        out.push({ entry, refs: () => routeBackends(entry), what: 'backendRef' });
      }
    }
  }
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
    description: 'An Ingress backend (any Ingress API version) or a Gateway API route backendRef names a Service, or a Service port, that is not in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const { entry: ing, refs, what } of referrers(ws)) {
      const view = ing.obj.view;
      for (const ref of refs()) {
        const { node: backend, path } = ref;
        const namespace = ref.namespace ?? ing.namespace;
        if (!hasKindIn(ws, 'Service', namespace)) {
          continue;
        }
        const name = view.text(backend, ref.nameKey);
        const nameRange = view.valueRange(backend, ref.nameKey);
        // A backend a kustomization's replacements write is not the one in the manifest.
        if (name === undefined || !nameRange || replacedField(ing, `${path}.${ref.nameKey}`)) {
          continue;
        }
        const svc = objectNamed(ws, 'Service', namespace, name) ?? (ref.namespace === undefined ? objectAppliedTogether(ws, ing, 'Service', name) : undefined);
        // KubeRay's `<rayservice>-serve-svc`, KServe's `<isvc>-predictor`: made by the operator, with its ports, also for a
        // RayCluster applied another way (a Helm release).
        if (!svc && (operatorMadeService(ws, namespace, name) || kubeRayServiceOutOfScope(ws, namespace, name))) {
          continue;
        }
        if (!svc) {
          const services = objectsOfKind(ws, 'Service', namespace);
          const guess = closest(name, services.map((s) => s.obj.name).filter((n): n is string => n !== undefined)) ?? kubeRayServiceGuess(ws, namespace, name);
          out.push({
            path: ing.path,
            range: nameRange,
            object: ing.obj,
            message: `${what} Service "${name}" is not in namespace ${namespace} in scope${guess !== undefined ? `; did you mean "${guess}"?` : `; point the ${what} at an existing Service.`}`,
            ...(guess !== undefined ? { fix: { title: `Use Service "${guess}"`, edits: [{ range: nameRange, newText: guess }] } } : {}),
          });
          continue;
        }
        const portScalar = view.scalar(view.get(ref.portNode, ref.portKey));
        const written = portScalar === undefined ? undefined : view.str(portScalar);
        const range = view.valueRange(ref.portNode, ref.portKey);
        if (written === undefined || !range || replacedField(ing, ref.portPath) || replacedField(svc, 'spec.ports')) {
          continue;
        }
        // An int-or-string servicePort is a number when it is an integer (`80`, also quoted), else a port name.
        const byNumber = ref.portAs === 'number' || (ref.portAs === 'either' && /^\d+$/.test(written));
        const sview = svc.obj.view;
        const ports = sview.items(sview.at(svc.obj.root, ['spec', 'ports'])).map((p) => ({ port: sview.text(p, 'port'), name: sview.text(p, 'name') }));
        if (ports.some((p) => (byNumber ? p.port === written : p.name === written))) {
          continue;
        }
        const offered = ports.map((p) => (byNumber ? p.port : p.name)).filter((v): v is string => v !== undefined);
        out.push({
          path: ing.path,
          range,
          object: ing.obj,
          message: `Service "${name}" has no port ${byNumber ? written : `named "${written}"`}${offered.length > 0 ? ` (it offers ${offered.join(', ')})` : ''}; use one of the Service's ports.`,
          related: { file: svc.path, range: svc.obj.anchor, message: `the ${what} Service` },
          ...(offered.length === 1 ? { fix: { title: `Use port ${offered[0] as string}`, edits: [{ range, newText: offered[0] as string }] } } : {}),
        });
      }
    }
    return out;
  },
};
