import type { Node } from 'yaml';
import { manifestsAppliedTogether } from '../../cross/applied-together';
import { closest } from '../../cross/closest';
import { kindAppliedTogether } from '../../cross/kind-applied-with';
import { appliedWithRemoteBase, hasKindIn, helmChartMayMake, kubeRayServiceGuess, kubeRayServiceOutOfScope, objectAppliedTogether, objectNamed, objectsOfKind, operatorMadeService, replacedField } from '../../cross/kube';
import { unrenamedAdvice, unrenamedReference } from '../../cross/kustomize-unrenamed';
import { likelyMeant } from '../../cross/likely-meant';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlView } from '../../yaml/access';
import { unresolvedPoolBackends } from './mlx008-route-pool-backends';

/**
 * A reference to a Service port: the mapping that holds the Service name under `nameKey`, and the one that holds the
 * port under `portKey` (a number or a port name; `portAs` says which, or `either` for an int-or-string). `target`: an
 * OpenShift Route's int-or-string that names a Service port, or gives the number of the pods' port the Service targets.
 */
interface ServiceRef {
  node: Node;
  nameKey: string;
  /** Field path of `node` (`spec.rules.0.http.paths.1.backend.service`). */
  path: string;
  portNode: Node | undefined;
  portKey: string;
  portPath: string;
  portAs: 'number' | 'name' | 'either' | 'target';
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

/**
 * An OpenShift Route's Services: `spec.to` and each of `spec.alternateBackends` (kind Service, the only one allowed),
 * all reached on the one `spec.port.targetPort`.
 */
function openShiftRouteBackends(route: ObjectEntry): ServiceRef[] {
  const view = route.obj.view;
  const port = view.at(route.obj.root, ['spec', 'port']);
  const backends: [Node | undefined, string][] = [
    [view.at(route.obj.root, ['spec', 'to']), 'spec.to'],
    ...view.items(view.at(route.obj.root, ['spec', 'alternateBackends'])).map((b, i): [Node, string] => [b, `spec.alternateBackends.${i}`]),
  ];
  return backends
    .filter((b): b is [Node, string] => b[0] !== undefined && (view.text(b[0], 'kind') ?? 'Service') === 'Service')
    .map(([node, path]) => ({ node, nameKey: 'name', path, portNode: port, portKey: 'targetPort', portPath: 'spec.port.targetPort', portAs: 'target' }));
}

/** An object that sends traffic to Services, and how its references are read. */
interface Referrer {
  entry: ObjectEntry;
  refs: () => ServiceRef[];
  what: string;
  /** How a message names its references when kustomize does not rewrite them; unset: kustomize's nameReference transformer does. */
  unrewritten?: string;
  /** Its references to objects other than Services that are not in scope (a route's InferencePools). */
  otherUnresolved?: () => CrossFinding[];
}

/**
 * The route kinds whose `backendRefs` kustomize's nameReference transformer rewrites when a namePrefix or nameSuffix
 * renames the Service (kustomize api/internal/konfig/builtinpluginconsts/namereference.go); Ingress backends too.
 */
const rewrittenRouteKinds: ReadonlySet<string> = new Set(['HTTPRoute']);

/** The Ingresses, Gateway API routes and OpenShift Routes in scope, each with its Service references. */
function referrers(ws: WorkspaceModel): Referrer[] {
  const out: Referrer[] = objectsOfKind(ws, 'Ingress').map((entry) => ({ entry, refs: () => ingressBackends(entry), what: 'backend' }));
  for (const kind of routeKinds) {
    for (const entry of objectsOfKind(ws, kind)) {
      if (apiGroupOf(entry.obj.apiVersion) === 'gateway.networking.k8s.io') {
        out.push({
          entry,
          refs: () => routeBackends(entry),
          what: 'backendRef',
          ...(rewrittenRouteKinds.has(kind) ? {} : { unrewritten: `a ${kind}'s backendRefs` }),
          otherUnresolved: () => unresolvedPoolBackends(ws, entry, 'backendRef'),
        });
      }
    }
  }
  for (const entry of objectsOfKind(ws, 'Route')) {
    if (apiGroupOf(entry.obj.apiVersion) === 'route.openshift.io') {
      out.push({ entry, refs: () => openShiftRouteBackends(entry), what: 'Route backend', unrewritten: "an OpenShift Route's backends" });
    }
  }
  return out;
}

/** A Service port as a reference sees it: its name, its port, and the pods' port it targets (unknown when named). */
interface OfferedPort {
  name: string | undefined;
  port: string | undefined;
  target: string | undefined;
  targetNamed: boolean;
}

function servicePorts(svc: ObjectEntry): OfferedPort[] {
  const view = svc.obj.view;
  return view.items(view.at(svc.obj.root, ['spec', 'ports'])).map((p) => {
    const port = view.text(p, 'port');
    const targetPort = view.text(p, 'targetPort');
    const targetNamed = targetPort !== undefined && !/^\d+$/.test(targetPort);
    return { name: view.text(p, 'name'), port, target: targetNamed ? undefined : (targetPort ?? port), targetNamed };
  });
}

/** A port reference that matches none of the Service's ports: what it missed, the values it could name, and what to do. */
interface PortMismatch {
  missing: string;
  offered: string[];
  /** How the message introduces `offered`. */
  offers?: string;
  advice: string;
}

/** How a written port reference fails to match the Service's ports; undefined when it matches, or when that cannot be told. */
function portMismatch(portAs: ServiceRef['portAs'], written: string, ports: readonly OfferedPort[]): PortMismatch | undefined {
  const advice = "use one of the Service's ports.";
  // An int-or-string is a number when it is an integer (`80`, also quoted), else a port name.
  const byNumber = portAs === 'number' || (portAs !== 'name' && /^\d+$/.test(written));
  if (!byNumber) {
    return ports.some((p) => p.name === written) ? undefined : { missing: `port named "${written}"`, offered: defined(ports.map((p) => p.name)), advice };
  }
  if (portAs !== 'target') {
    return ports.some((p) => p.port === written) ? undefined : { missing: `port ${written}`, offered: defined(ports.map((p) => p.port)), advice };
  }
  // A Route's number is matched against the pods' port, which a named targetPort hides.
  if (ports.some((p) => p.target === written || p.targetNamed)) {
    return undefined;
  }
  return {
    missing: `port whose targetPort is ${written}`,
    offered: defined(ports.map((p) => p.target)),
    offers: 'its ports target',
    advice: "a Route's targetPort is the name of a Service port or the number of the pod port it targets.",
  };
}

function defined(values: readonly (string | undefined)[]): string[] {
  return values.filter((v): v is string => v !== undefined);
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
    description:
      'An Ingress backend (any Ingress API version), a Gateway API route backendRef or an OpenShift Route backend names a Service, or a Service port, that is not in scope; or a route backendRef names a Gateway API Inference Extension InferencePool that is not.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const { entry: ing, refs, what, unrewritten, otherUnresolved } of referrers(ws)) {
      const view = ing.obj.view;
      out.push(...(otherUnresolved?.() ?? []));
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
        const svc = objectNamed(ws, 'Service', namespace, name, ing) ?? (ref.namespace === undefined ? objectAppliedTogether(ws, ing, 'Service', name) : undefined);
        // KubeRay's `<rayservice>-serve-svc`, KServe's `<isvc>-predictor`: made by the operator, with its ports, also for a
        // RayCluster applied another way (a Helm release). A chart a HelmRelease or Argo CD Application renders makes its own,
        // and so may a remote kustomize base applied with the referrer.
        if (!svc && (appliedWithRemoteBase(ws, ing) || operatorMadeService(ws, namespace, name) || kubeRayServiceOutOfScope(ws, namespace, name) || helmChartMayMake(ws, namespace, name))) {
          continue;
        }
        if (!svc) {
          // Trap T22's evidence, and the names it may have meant: Services applied with the referrer (its folder tree, or a
          // kustomize build with its bases). Another example's Services say nothing of this one's.
          if (!kindAppliedTogether(ws, namespace === ing.namespace ? ing : { ...ing, namespace }, 'Service')) {
            continue;
          }
          const services = objectsOfKind(ws, 'Service', namespace).filter((s) => manifestsAppliedTogether(ws, ing.path, s.path));
          const guess = likelyMeant(name, closest(name, services.map((s) => s.obj.name).filter((n): n is string => n !== undefined)) ?? kubeRayServiceGuess(ws, namespace, name));
          out.push({
            path: ing.path,
            range: nameRange,
            object: ing.obj,
            message: `${what} Service "${name}" is not in namespace ${namespace} in scope${guess !== undefined ? `; did you mean "${guess}"?` : `; point the ${what} at an existing Service.`}`,
            ...(guess !== undefined ? { fix: { title: `Use Service "${guess}"`, edits: [{ range: nameRange, newText: guess }] } } : {}),
          });
          continue;
        }
        const renamed = unrewritten !== undefined && ref.namespace === undefined ? unrenamedReference(ing, svc, name) : undefined;
        if (renamed) {
          out.push({ path: ing.path, range: nameRange, object: ing.obj, message: `${what} Service "${name}": ${unrenamedAdvice(unrewritten ?? '', name, renamed)}` });
          continue;
        }
        const portScalar = view.scalar(view.get(ref.portNode, ref.portKey));
        const written = portScalar === undefined ? undefined : view.str(portScalar);
        const range = view.valueRange(ref.portNode, ref.portKey);
        if (written === undefined || !range || replacedField(ing, ref.portPath) || replacedField(svc, 'spec.ports')) {
          continue;
        }
        const mismatch = portMismatch(ref.portAs, written, servicePorts(svc));
        if (!mismatch) {
          continue;
        }
        const { offered, missing, offers = 'it offers', advice } = mismatch;
        out.push({
          path: ing.path,
          range,
          object: ing.obj,
          message: `Service "${name}" has no ${missing}${offered.length > 0 ? ` (${offers} ${offered.join(', ')})` : ''}; ${advice}`,
          related: { file: svc.path, range: svc.obj.anchor, message: `the ${what} Service` },
          ...(offered.length === 1 ? { fix: { title: `Use port ${offered[0] as string}`, edits: [{ range, newText: offered[0] as string }] } } : {}),
        });
      }
    }
    return out;
  },
};
