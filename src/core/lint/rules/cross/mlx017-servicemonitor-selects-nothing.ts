import type { Node } from 'yaml';
import { appliedAsOneSet } from '../../cross/applied-together';
import { objectsAppliedAsOneSet, podsAppliedAsOneSet } from '../../cross/kind-applied-with';
import type { Labels, LabelledPod } from '../../cross/kube';
import {
  appliedWithRemoteBase,
  isEmptySelector,
  labelledPods,
  labelSelectorKeys,
  labelSelectorMatches,
  namespaceUnwritten,
  objectLabels,
  objectsOfKind,
  podPorts,
  podsMatchedElsewhere,
  podsMatchedIn,
  selectsGeneratedLabels,
  selectsHelmChartObjects,
} from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import { operatorPodLabels } from '../../cross/operator-pod-labels';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlView } from '../../yaml/access';

/**
 * The selector picks objects by the operator that manages them (`app.kubernetes.io/managed-by: vllm-operator`), and
 * none in scope carries that label: the operator makes them from its custom resources, out of the manifests' sight.
 */
function selectsOperatorMade(view: YamlView, selector: Node, labelSets: readonly Labels[]): boolean {
  const managedBy = view.text(view.get(selector, 'matchLabels'), 'app.kubernetes.io/managed-by');
  return managedBy !== undefined && !/^(?:helm|tiller|kustomize|kubectl)$/i.test(managedBy) && labelSets.every((l) => !l.has('app.kubernetes.io/managed-by'));
}

/**
 * Neither the ServiceMonitor's manifest nor a kustomization names its namespace, and a Service the selector matches
 * names none either (a kustomization's `namespace:` moved it): applied with `kubectl apply -f`, both land in the same namespace.
 */
function appliedTogether(sm: ObjectEntry, view: YamlView, selector: Node, services: readonly ObjectEntry[]): boolean {
  return (
    namespaceUnwritten(sm) &&
    sm.namespace === 'default' &&
    services.some((s) => s.namespace !== sm.namespace && namespaceUnwritten(s) && labelSelectorMatches(view, selector, objectLabels(s)) !== false)
  );
}

/** The namespaces a monitor's `namespaceSelector` picks: every one (`any`), those of `matchNames`, else its own. */
function monitoredNamespaces(monitor: ObjectEntry): { any: boolean; names: string[]; namespaces: string[] } {
  const view = monitor.obj.view;
  const nsSel = view.at(monitor.obj.root, ['spec', 'namespaceSelector']);
  const names = view.items(view.get(nsSel, 'matchNames')).map((n) => view.str(n)).filter((n): n is string => n !== undefined);
  return { any: view.bool(nsSel, 'any') === true, names, namespaces: names.length > 0 ? names : [monitor.namespace] };
}

function checkServiceMonitor(ws: WorkspaceModel, sm: ObjectEntry): CrossFinding | undefined {
  const view = sm.obj.view;
  const selector = view.at(sm.obj.root, ['spec', 'selector']);
  const range = view.rangeOfKey(sm.obj.root, ['spec', 'selector']);
  const { any, names, namespaces } = monitoredNamespaces(sm);
  const services = objectsOfKind(ws, 'Service').filter((s) => any || namespaces.includes(s.namespace));
  // A selector on generated labels may pick a Service an operator makes (KubeRay labels a cluster's head Service `ray.io/node-type: head`).
  // Trap T22's evidence for a monitor of its own namespace: the Services applied as one set with it, not another example's.
  const ownScopeEmpty = names.length === 0 && !any && objectsAppliedAsOneSet(ws, sm, 'Service').length === 0;
  if (!selector || !range || services.length === 0 || ownScopeEmpty || appliedWithRemoteBase(ws, sm) || isEmptySelector(view, selector) || selectsGeneratedLabels(labelSelectorKeys(view, selector))) {
    return undefined;
  }
  if (services.some((s) => labelSelectorMatches(view, selector, objectLabels(s)) !== false) || selectsOperatorMade(view, selector, services.map(objectLabels))) {
    return undefined;
  }
  if (namespaces.some((ns) => selectsHelmChartObjects(ws, ns, view, selector))) {
    return undefined;
  }
  if (names.length === 0 && !any && appliedTogether(sm, view, selector, objectsOfKind(ws, 'Service'))) {
    return undefined;
  }
  return { path: sm.path, range, object: sm.obj, message: `ServiceMonitor ${sm.obj.name ?? ''} selects no Service in scope (it matches Service labels, not pod labels), so its metrics are never scraped; align the selector with the Service's metadata.labels.` };
}

/** The labelled pods in the namespaces a PodMonitor watches. */
function podsWatched(ws: WorkspaceModel, pm: ObjectEntry): readonly LabelledPod[] {
  const { any, namespaces } = monitoredNamespaces(pm);
  return any ? labelledPods(ws) : namespaces.flatMap((ns) => labelledPods(ws, ns));
}

/**
 * Trap T22: each namespace a PodMonitor watches has pod templates in scope (some namespace, when it watches all); its own
 * namespace, pod templates applied as one set with it: another example's say nothing of the pods it selects.
 */
function watchesScope(ws: WorkspaceModel, pm: ObjectEntry): boolean {
  const { any, names } = monitoredNamespaces(pm);
  if (any) {
    return labelledPods(ws).length > 0;
  }
  return names.length === 0 ? podsAppliedAsOneSet(ws, pm).length > 0 : names.every((ns) => labelledPods(ws, ns).length > 0);
}

/** The pods whose ports a monitor of its own namespace scrapes: those applied as one set with it, not another example's namesakes. */
function scrapedPods(ws: WorkspaceModel, pm: ObjectEntry, matched: readonly LabelledPod[]): readonly LabelledPod[] {
  const { any, names } = monitoredNamespaces(pm);
  return any || names.length > 0 ? matched : matched.filter((p) => appliedAsOneSet(ws, pm.path, p.entry.path));
}

/** The pod templates a PodMonitor's selector matches, and whether an operator-run pod (its ports unknown) matches too. */
function podMonitorTargets(ws: WorkspaceModel, pm: ObjectEntry, selector: Node): { matched: LabelledPod[]; operatorMatched: boolean } {
  const view = pm.obj.view;
  const { any, namespaces } = monitoredNamespaces(pm);
  const matched = any ? [...podsMatchedIn(ws, pm.namespace, view, selector), ...podsMatchedElsewhere(ws, pm.namespace, view, selector)] : namespaces.flatMap((ns) => podsMatchedIn(ws, ns, view, selector));
  const operatorLabels = any ? operatorPodLabels(ws) : namespaces.flatMap((ns) => operatorPodLabels(ws, ns));
  return { matched, operatorMatched: operatorLabels.some((labels) => labelSelectorMatches(view, selector, labels) !== false) };
}

/**
 * A PodMonitor whose selector matches no pod template in the namespaces it watches. Neither its manifest nor a
 * matching pod's naming a namespace, `kubectl apply -f` puts them together.
 */
function podMonitorSelectsNothing(ws: WorkspaceModel, pm: ObjectEntry, selector: Node): CrossFinding | undefined {
  const view = pm.obj.view;
  const range = view.rangeOfKey(pm.obj.root, ['spec', 'selector']);
  const { any, names, namespaces } = monitoredNamespaces(pm);
  if (!range || selectsOperatorMade(view, selector, podsWatched(ws, pm).map((p) => p.labels))) {
    return undefined;
  }
  if (names.length === 0 && !any && namespaceUnwritten(pm) && pm.namespace === 'default' && podsMatchedElsewhere(ws, pm.namespace, view, selector).some((p) => namespaceUnwritten(p.entry))) {
    return undefined;
  }
  return { path: pm.path, range, object: pm.obj, message: `PodMonitor ${pm.obj.name ?? ''} selects no pod template in ${any ? 'any namespace' : `namespace ${namespaces.join(', ')}`} in scope (it matches pod labels), so its metrics are never scraped; align the selector with the workload's template labels.` };
}

/** Ports that service-mesh injectors add to every pod they inject (Istio's and Linkerd's proxies): no template shows them. */
const injectedPortNames: ReadonlySet<string> = new Set(['http-envoy-prom', 'linkerd-admin', 'linkerd-proxy']);

/**
 * The port a `podMetricsEndpoints` entry scrapes: a container port's name (`port`, or a named `targetPort`) or number.
 * Undefined when it names none, or none a template can show: the operator matches it as a regular expression.
 */
function endpointPort(view: YamlView, ep: Node): { key: string; value: string; byName: boolean } | undefined {
  const key = ['port', 'portNumber', 'targetPort'].find((k) => (view.text(ep, k) ?? '') !== '');
  const value = key === undefined ? undefined : view.text(ep, key);
  if (key === undefined || value === undefined || !/^[a-z0-9-]+$/i.test(value) || injectedPortNames.has(value)) {
    return undefined;
  }
  return { key, value, byName: key === 'port' || (key === 'targetPort' && !/^\d+$/.test(value)) };
}

/** Each `podMetricsEndpoints` entry whose port no selected pod declares (Prometheus keeps only the container ports it names). */
function podMonitorPortsMissing(pm: ObjectEntry, pods: readonly LabelledPod[]): CrossFinding[] {
  const view = pm.obj.view;
  // Prometheus discovers the ports of init containers too (native sidecars).
  const ports = pods.flatMap((p) => podPorts(p, ['containers', 'initContainers']));
  const out: CrossFinding[] = [];
  for (const ep of view.items(view.at(pm.obj.root, ['spec', 'podMetricsEndpoints']))) {
    const port = endpointPort(view, ep);
    const range = port && view.valueRange(ep, port.key);
    if (!port || !range || ports.some((p) => (port.byName ? p.name : p.number) === port.value)) {
      continue;
    }
    const declared = [...new Set(ports.map((p) => (port.byName ? p.name : p.number)).filter((v): v is string => v !== undefined))];
    out.push({
      path: pm.path,
      range,
      object: pm.obj,
      message: `No pod PodMonitor ${pm.obj.name ?? ''} selects declares a container port ${port.byName ? `named "${port.value}"` : port.value}${declared.length > 0 ? ` (they declare ${declared.join(', ')})` : ''}, so Prometheus scrapes nothing there; declare the port in the pod template or scrape one it declares.`,
    });
  }
  return out;
}

function checkPodMonitor(ws: WorkspaceModel, pm: ObjectEntry): CrossFinding[] {
  const view = pm.obj.view;
  const selector = view.at(pm.obj.root, ['spec', 'selector']);
  if (!selector || !/^(?:az)?monitoring\.coreos\.com$/.test(apiGroupOf(pm.obj.apiVersion)) || appliedWithRemoteBase(ws, pm) || selectsGeneratedLabels(labelSelectorKeys(view, selector)) || !watchesScope(ws, pm)) {
    return [];
  }
  const { matched, operatorMatched } = podMonitorTargets(ws, pm, selector);
  if (operatorMatched) {
    return [];
  }
  if (matched.length === 0) {
    const nothing = podMonitorSelectsNothing(ws, pm, selector);
    return nothing ? [nothing] : [];
  }
  // A kustomize patch that edits the pods' ports in a way not read leaves them unknown.
  const scraped = scrapedPods(ws, pm, matched);
  return scraped.length === 0 || scraped.some((p) => p.entry.kustomized?.opaquePorts === true) ? [] : podMonitorPortsMissing(pm, scraped);
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX017',
    name: 'servicemonitor-selects-nothing',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: { kubeLinter: ['dangling-servicemonitor'] },
    description:
      "A ServiceMonitor's selector matches no Service in scope, or a PodMonitor's no pod template, or no pod it selects declares the port it scrapes (GPU and serving metrics are then never scraped).",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const sm of objectsOfKind(ws, 'ServiceMonitor')) {
      const finding = checkServiceMonitor(ws, sm);
      if (finding) {
        out.push(finding);
      }
    }
    for (const pm of objectsOfKind(ws, 'PodMonitor')) {
      out.push(...checkPodMonitor(ws, pm));
    }
    return out;
  },
};
