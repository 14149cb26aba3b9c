import { targetsObject } from '../../kubernetes/kustomize';
import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Fix } from '../../types';
import { containerLabel, finding, insertIntoMap, wantsFixes } from './helpers';
import type { OrderedStartStall } from './ordered-start-stalls';
import { orderedStartStall } from './ordered-start-stalls';

/** What keeps the first pod from being Ready, for the message. */
function stallText(stall: OrderedStartStall): string {
  const where = stall.path !== undefined ? ` in ${stall.path}` : '';
  if (stall.launch) {
    const { program, server, flag, nodes } = stall.launch;
    const all = nodes === 2 ? 'both nodes' : `all ${nodes} nodes`;
    return `${containerLabel(stall.c)} runs ${program} with ${flag} ${nodes}, which ${server ? 'serves' : 'starts its workers'} only once ${all} have joined, and its ${stall.probe} cannot pass before then`;
  }
  if (stall.probe === undefined) {
    return `${containerLabel(stall.c)} waits in a loop for pod ${stall.peer}${where} before the pod can start`;
  }
  return `${containerLabel(stall.c)} waits in a loop for pod ${stall.peer}${where}, and its ${stall.probe} cannot pass before then`;
}

/**
 * What else the pods need once they start together: a pod's DNS name under the headless Service resolves only once the
 * pod is Ready, unless the Service sets publishNotReadyAddresses (a launcher's peers reach its rendezvous some such way).
 */
function serviceText(stall: OrderedStartStall, serviceName: string | undefined, firstPod: string): string {
  const service = serviceName ? `Service ${serviceName}` : 'the headless Service';
  if (stall.podDns) {
    return ` and publishNotReadyAddresses: true on ${service}, whose pod DNS names resolve only for Ready pods`;
  }
  return stall.launch ? ` and publishNotReadyAddresses: true on any Service the other pods reach ${firstPod} through` : '';
}

function messageFor(obj: KubeObject, stall: OrderedStartStall, serviceName: string | undefined, written: boolean, first: number): string {
  const name = obj.name ?? 'the StatefulSet';
  const policy = written ? 'podManagementPolicy: OrderedReady' : 'podManagementPolicy defaults to OrderedReady';
  return (
    `StatefulSet ${name} starts its pods one at a time (${policy}): it creates ${name}-${first + 1} only once ${name}-${first} is Ready, ` +
    `but ${stallText(stall)}, so ${name}-${first + 1} is never created; set podManagementPolicy: Parallel${serviceText(stall, serviceName, `${name}-${first}`)} ` +
    `(podManagementPolicy cannot be changed on an existing StatefulSet: delete it with --cascade=orphan, then apply).`
  );
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK430',
    name: 'statefulset-ordered-peer-wait',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description:
      'A StatefulSet with more than one replica starts its pods one at a time (OrderedReady), but its first pod waits for a later one (a multi-node launcher, a peer-wait loop) before it is Ready, so the later pods are never created.',
  },
  check(ctx) {
    const obj = ctx.object;
    if (!obj || obj.kind !== 'StatefulSet' || ctx.patch) {
      return [];
    }
    const view = obj.view;
    const spec = view.map(view.get(obj.root, 'spec'));
    const replicas = view.scalar(view.get(spec, 'replicas'))?.value;
    const policyNode = view.get(spec, 'podManagementPolicy');
    const pod = obj.podSpecs[0];
    if (!spec || typeof replicas !== 'number' || replicas < 2 || (policyNode !== undefined && view.str(policyNode) !== 'OrderedReady') || !pod) {
      return [];
    }
    if (ctx.kustomizeBuild?.replicas.some((t) => targetsObject(t, obj)) === true) {
      return [];
    }
    const start = view.scalar(view.at(spec, ['ordinals', 'start']))?.value;
    const first = typeof start === 'number' ? start : 0;
    const stall = orderedStartStall(ctx, obj, pod, first);
    // Most StatefulSets do not stall: their anchor is never read.
    const anchor = !stall ? undefined : policyNode !== undefined ? view.range(policyNode) : view.valueRange(spec, 'replicas');
    if (!stall || !anchor) {
      return [];
    }
    let fix: Fix | undefined;
    if (wantsFixes(ctx)) {
      const edit = policyNode !== undefined ? { range: anchor, newText: 'Parallel' } : insertIntoMap(view, spec, 'podManagementPolicy: Parallel');
      fix = edit ? { title: 'Set podManagementPolicy: Parallel', edits: [edit] } : undefined;
    }
    return [finding(anchor, messageFor(obj, stall, view.text(spec, 'serviceName'), policyNode !== undefined, first), fix)];
  },
};
