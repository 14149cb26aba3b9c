import { manifestsAppliedTogether } from '../../cross/applied-together';
import type { TargetedAutoscaler } from '../../cross/autoscalers';
import { sharedTargets } from '../../cross/autoscalers';
import { utilizationResources, vpaUpdatedResources, vpaUpdateMode } from '../../cross/autoscaler-resources';
import { hpaTargetRenamed } from '../../cross/kustomize-unrenamed';
import type { CrossFinding, CrossRule } from '../../cross/rule';

const transferOwnershipAnnotation = 'scaledobject.keda.sh/transfer-hpa-ownership';
const skipOwnershipCheckAnnotation = 'validations.keda.sh/hpa-ownership';

function annotation(a: TargetedAutoscaler, key: string): string | undefined {
  return a.entry.obj.view.text(a.entry.obj.view.at(a.entry.obj.root, ['metadata', 'annotations']), key);
}

function label(a: TargetedAutoscaler): string {
  return `${a.kind} ${a.entry.obj.name ?? ''}`;
}

/**
 * KEDA's admission webhook lets a ScaledObject in beside an HPA of its target only when it takes that HPA over
 * (the transfer annotation, and `advanced.horizontalPodAutoscalerConfig.name` naming it), or when the HPA opts out of
 * the check (`"false"`). Some KEDA docs put the opt-out on the ScaledObject instead: either way the pairing is deliberate.
 */
function kedaAdopts(scaledObject: TargetedAutoscaler, hpa: TargetedAutoscaler): boolean {
  const { view, root } = scaledObject.entry.obj;
  const hpaName = view.text(view.at(root, ['spec', 'advanced', 'horizontalPodAutoscalerConfig']), 'name');
  const takesOver = annotation(scaledObject, transferOwnershipAnnotation) === 'true' && hpaName === hpa.entry.obj.name;
  return takesOver || annotation(hpa, skipOwnershipCheckAnnotation) === 'false' || annotation(scaledObject, skipOwnershipCheckAnnotation) !== undefined;
}

/** What goes wrong when both scale the same workload, and what to do; undefined when they work together. */
function conflict(first: TargetedAutoscaler, second: TargetedAutoscaler): string | undefined {
  const kinds = new Set([first.kind, second.kind]);
  if (kinds.size === 1 && first.kind === 'HorizontalPodAutoscaler') {
    return 'the HPA controller then stops both with AmbiguousSelector; keep one HPA and move the other\'s metrics into it.';
  }
  if (kinds.size === 1 && first.kind === 'ScaledObject') {
    return "KEDA's admission webhook rejects the second ScaledObject; merge their triggers into one ScaledObject.";
  }
  if (kinds.has('VerticalPodAutoscaler')) {
    // Two VPAs on one workload are not this rule's matter: neither scales it out.
    return kinds.size === 1 ? undefined : vpaConflict(first.kind === 'VerticalPodAutoscaler' ? first : second, first.kind === 'VerticalPodAutoscaler' ? second : first);
  }
  const [scaledObject, hpa] = first.kind === 'ScaledObject' ? [first, second] : [second, first];
  if (kedaAdopts(scaledObject, hpa)) {
    return undefined;
  }
  return `KEDA scales through an HPA of its own, so the two HPAs stop each other with AmbiguousSelector (and KEDA's admission webhook rejects the ScaledObject when the HPA is there first); move the HPA's metrics into the ScaledObject's triggers and delete the HPA, or let KEDA take it over with the annotation ${transferOwnershipAnnotation}: "true" and spec.advanced.horizontalPodAutoscalerConfig.name: ${hpa.entry.obj.name ?? ''}.`;
}

/** A VPA that keeps changing the requests an HPA divides usage by: each resize moves the utilization the HPA scales on. */
function vpaConflict(vpa: TargetedAutoscaler, horizontal: TargetedAutoscaler): string | undefined {
  const updated = vpaUpdatedResources(vpa);
  const shared = [...utilizationResources(horizontal)].filter((r) => updated.has(r));
  if (shared.length === 0) {
    return undefined;
  }
  const resources = shared.join(' and ');
  const mode = vpaUpdateMode(vpa);
  return `the VPA (${mode !== undefined ? `updateMode ${mode}` : 'default updateMode'}) keeps resizing the ${resources} requests that ${label(horizontal)} measures utilization against, so the two fight; set the VPA's updateMode to Off or Initial, take ${resources} out of its controlledResources, or scale horizontally on custom or external metrics.`;
}

/** Two documents of one kind and name are one object in the cluster (a kustomize patch, a copy per environment), not two autoscalers. */
function sameObject(a: TargetedAutoscaler, b: TargetedAutoscaler): boolean {
  return a.entry.obj === b.entry.obj || (a.kind === b.kind && a.entry.obj.name === b.entry.obj.name);
}

/**
 * The names a reference may call its target by in the cluster. kustomize rewrites an HPA's scaleTargetRef (to a
 * Deployment, StatefulSet…) to the name its builds give the target; the other references keep the name written.
 */
function namesInCluster(a: TargetedAutoscaler): readonly string[] {
  const { target, refName } = a;
  if (a.kind !== 'HorizontalPodAutoscaler' || target.obj.name !== refName || target.aliases === undefined || !hpaTargetRenamed(target.obj.kind ?? '')) {
    return [refName];
  }
  return target.alwaysRenamed === true ? target.aliases : [refName, ...target.aliases];
}

/**
 * Both name the workload alike: a manifest that kustomizations build under several prefixes is one model entry for
 * several workloads (`a-web`, `b-web`), each scaled by the autoscaler that names it.
 */
function sameName(a: TargetedAutoscaler, b: TargetedAutoscaler): boolean {
  const names = namesInCluster(b);
  return namesInCluster(a).some((n) => names.includes(n));
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX018',
    name: 'workload-scaled-by-two-autoscalers',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'A workload is the scale target of two HPAs, an HPA and a KEDA ScaledObject, two ScaledObjects, or an HPA on cpu/memory utilization and a VPA that updates those requests.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const autoscalers of sharedTargets(ws)) {
      autoscalers.forEach((second, i) => {
        for (const first of autoscalers.slice(0, i)) {
          const problem = !sameObject(first, second) && sameName(first, second) && manifestsAppliedTogether(ws, first.entry.path, second.entry.path) ? conflict(first, second) : undefined;
          if (problem !== undefined) {
            out.push({
              path: second.entry.path,
              range: second.refRange,
              object: second.entry.obj,
              message: `${second.target.obj.kind ?? ''} ${second.refName} is scaled by both ${label(first)} and ${label(second)}: ${problem}`,
              related: { file: first.entry.path, range: first.refRange, message: `${label(first)} also scales this workload` },
            });
            break;
          }
        }
      });
    }
    return out;
  },
};
