import { gpusFromClaimsOnly, isAcceleratorResource, podRequestsAccelerator, resourceEntries } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { kueueAdmitsToGpuPool, kueueTolerates } from '../../kubernetes/kueue';
import { podFieldPatched } from '../../kubernetes/kustomize-patched-fields';
import { kaiShareAnnotation } from '../../kubernetes/gpu-sharing-schedulers';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { YamlView } from '../../yaml/access';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding, insertIntoMap, wantsFixes } from './helpers';

/** Accelerator vendors' resource domains: a taint named after one (`nvidia.com/gpu`) is on that vendor's node pools only. */
const vendorDomains = new Set(['nvidia.com', 'amd.com', 'gpu.intel.com', 'google.com', 'aws.amazon.com', 'habana.ai']);

function taintVendor(key: string): string | undefined {
  const slash = key.indexOf('/');
  const domain = slash < 0 ? undefined : key.slice(0, slash);
  return domain !== undefined && vendorDomains.has(domain) ? domain : undefined;
}

const resourceSections = ['limits', 'requests'] as const;

/** Whether a container of the pod asks for an accelerator of the vendor (an AMD or TPU pod never lands on NVIDIA's tainted pools). */
function requestsFrom(view: YamlView, pod: PodSpecRef, vendor: string, cluster: ClusterProfile): boolean {
  const prefix = `${vendor}/`;
  return pod.containers.some((c) =>
    resourceSections.some((section) => resourceEntries(view, c.node, section).some((e) => e.name.startsWith(prefix) && isAcceleratorResource(e.name, cluster))),
  );
}

/** Whether a container of the pod claims GPUs of the vendor through DRA (device class `gpu.nvidia.com` for `nvidia.com`). */
function claimsFrom(pod: PodSpecRef, vendor: string): boolean {
  return pod.containers.some((c) => c.draGpuClasses?.some((cls) => cls === vendor || cls.endsWith(`.${vendor}`)));
}

/** The node labels the pod requires: its nodeSelector and its required node affinity's match expressions. */
function requiredNodeLabels(view: YamlView, pod: PodSpecRef): { key: string; values: string[] }[] {
  const terms = view.list(view.at(pod.spec, ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']));
  return [
    ...view.entries(view.get(pod.spec, 'nodeSelector')).map(([key, pair]) => ({ key, values: [view.str(pair.value) ?? ''] })),
    ...terms.flatMap((t) => view.list(view.get(t, 'matchExpressions')).map((e) => ({ key: view.text(e, 'key') ?? '', values: view.list(view.get(e, 'values')).map((v) => view.str(v) ?? '') }))),
  ];
}

/** The label keys of the pod's preferred node affinity terms (`preference.matchExpressions`). */
function preferredNodeLabelKeys(view: YamlView, pod: PodSpecRef): string[] {
  const terms = view.list(view.at(pod.spec, ['affinity', 'nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution']));
  return terms.flatMap((t) => view.list(view.at(t, ['preference', 'matchExpressions'])).map((e) => view.text(e, 'key') ?? ''));
}

const isGkeLabel = (key: string): boolean => key.startsWith('cloud.google.com/gke-');

/**
 * GKE adds the GPU toleration itself to pods that request GPUs (its ExtendedResourceToleration): a pod written for GKE
 * nodes, required or preferred by one of GKE's own labels (`cloud.google.com/gke-accelerator`, `gke-nodepool`,
 * `gke-spot`…), gets it, and so does one using what only GKE nodes offer (usesGkeOnlyFeatures).
 */
function writtenForGke(view: YamlView, pod: PodSpecRef): boolean {
  return requiredNodeLabels(view, pod).some(({ key }) => isGkeLabel(key)) || preferredNodeLabelKeys(view, pod).some(isGkeLabel);
}

/** Whether a topology key of the pod's (anti-)affinity terms, required or preferred, is a GCE one (`cloud.google.com/gce-topology-block`). */
function placedByGceTopology(view: YamlView, pod: PodSpecRef): boolean {
  const affinity = view.get(pod.spec, 'affinity');
  if (affinity === undefined) {
    return false;
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const terms = view.get(affinity, kind);
    for (const term of view.list(view.get(terms, 'requiredDuringSchedulingIgnoredDuringExecution'))) {
      if (view.text(term, 'topologyKey')?.startsWith('cloud.google.com/')) {
        return true;
      }
    }
    for (const weighted of view.list(view.get(terms, 'preferredDuringSchedulingIgnoredDuringExecution'))) {
      if (view.text(view.get(weighted, 'podAffinityTerm'), 'topologyKey')?.startsWith('cloud.google.com/')) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Features only GKE nodes have: multi-network interfaces (`networking.gke.io/interfaces`, GPUDirect RDMA), the Cloud
 * Storage FUSE driver (`gke-gcsfuse/volumes`), or placement by GCE topology labels. A bare Pod carries its
 * annotations in its own metadata (GKE's GPUDirect-TCPX NCCL test pods).
 */
function usesGkeOnlyFeatures(obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  const metadata = pod.templateMetadata ?? (obj.kind === 'Pod' && pod.spec === view.get(obj.root, 'spec') ? view.get(obj.root, 'metadata') : undefined);
  const annotations = view.entries(view.get(metadata, 'annotations'));
  return annotations.some(([key]) => key.startsWith('networking.gke.io/') || key.startsWith('gke-gcsfuse/')) || placedByGceTopology(view, pod);
}

/** AWS accelerator instance families: GPU (p, g), Trainium, Inferentia, Gaudi (dl1) and Qualcomm (dl2q). */
const awsAcceleratorInstanceRe = /^(?:p[2-6]|g[3-6]|trn[12]|inf[12]|dl1|dl2q)[a-z0-9-]*\./;

/**
 * EKS runs the ExtendedResourceToleration admission plugin (from 1.19): a pod pinned to EKS nodes (by an AWS accelerator
 * instance type, or by EKS or Karpenter-on-AWS labels) gets the GPU toleration added, like on GKE.
 */
function onEks(view: YamlView, pod: PodSpecRef): boolean {
  return requiredNodeLabels(view, pod).some(
    ({ key, values }) =>
      key.startsWith('eks.amazonaws.com/') ||
      key.startsWith('karpenter.k8s.aws/') ||
      ((key === 'node.kubernetes.io/instance-type' || key === 'beta.kubernetes.io/instance-type') && values.length > 0 && values.every((v) => awsAcceleratorInstanceRe.test(v))),
  );
}

/** The names of the accelerator resources the pod's containers ask for (`nvidia.com/mig-4g.96gb`). */
function acceleratorNames(view: YamlView, pod: PodSpecRef, cluster: ClusterProfile): Set<string> {
  return new Set(pod.containers.flatMap((c) => resourceSections.flatMap((section) => resourceEntries(view, c.node, section).filter((e) => isAcceleratorResource(e.name, cluster)).map((e) => e.name))));
}

/**
 * AKS's documented taint for GPU node pools is `sku=gpu:NoSchedule`, not nvidia.com/gpu: a pod that tolerates it
 * (value gpu, or the key with Exists) is meant for those pools.
 */
function toleratesAksGpuTaint(view: YamlView, toleration: unknown): boolean {
  return view.text(toleration, 'key') === 'sku' && (view.text(toleration, 'operator') === 'Exists' || view.text(toleration, 'value') === 'gpu');
}

/** The toleration is for the GPU taint `key`, a taint keyed by a resource the pod asks for (`ownResources`), any taint, or AKS's GPU taint; whatever its effect. */
function matchesGpuTaint(view: YamlView, toleration: unknown, key: string, ownResources: ReadonlySet<string>): boolean {
  const k = view.text(toleration, 'key');
  return k === key || (k !== undefined && ownResources.has(k)) || (k === undefined && view.text(toleration, 'operator') === 'Exists') || toleratesAksGpuTaint(view, toleration);
}

/** A toleration of the pod matches the GPU taint (matchesGpuTaint) for a blocking effect: one for PreferNoSchedule only matches taints that never keep a pod off a node. */
function toleratesGpuTaint(view: YamlView, pod: PodSpecRef, key: string, ownResources: ReadonlySet<string>): boolean {
  return view.list(view.get(pod.spec, 'tolerations')).some((t) => matchesGpuTaint(view, t, key, ownResources) && view.text(t, 'effect') !== 'PreferNoSchedule');
}

/**
 * A pod with spec.nodeName skips the scheduler: the kubelet of that node runs it, and of the node's taints it enforces
 * only NoExecute ones, so a NoSchedule GPU taint never keeps it Pending.
 */
function boundToNode(view: YamlView, pod: PodSpecRef): boolean {
  const nodeName = view.text(pod.spec, 'nodeName');
  return nodeName !== undefined && nodeName !== '';
}

/** For toleratesGpuTaint before the pod's accelerator resources are read. */
const noResources: ReadonlySet<string> = new Set();

/** KAITO adds the nvidia.com/gpu and sku=gpu tolerations to every Workspace's pods (its GPU nodes carry those taints). */
function kaitoTolerates(obj: KubeObject, key: string): boolean {
  return obj.kind === 'Workspace' && apiGroupOf(obj.apiVersion) === 'kaito.sh' && (key === 'nvidia.com/gpu' || key === 'sku');
}

/**
 * How else the pod may get the toleration: the admission plugin adds one for each extended resource the pod requests,
 * so for a taint keyed by a resource name; it is already on when it would have, and it never adds other keys.
 */
function admissionHint(key: string, cluster: ClusterProfile, ownResources: ReadonlySet<string>): string {
  if (cluster.extendedResourceToleration) {
    return ' (the ExtendedResourceToleration admission plugin adds tolerations only for the resources a pod requests)';
  }
  return taintVendor(key) !== undefined || ownResources.has(key) ? ' (or set cluster.extendedResourceToleration if the admission plugin adds it)' : '';
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK409',
    name: 'gpu-toleration-missing',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU workload has no toleration for the GPU taint.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // Kueue's flavor for a GPU pool brings the pool's own taint toleration (AKS's sku=gpu) with the node labels that pick it.
    if (!obj || kaitoTolerates(obj, ctx.cluster.gpuTaintKey) || kueueTolerates(obj, ctx.kueue, ctx.cluster.gpuTaintKey) || kueueAdmitsToGpuPool(obj, ctx.kueue)) {
      return out;
    }
    const view = obj.view;
    const key = ctx.cluster.gpuTaintKey;
    const vendor = taintVendor(key);
    for (const pod of obj.podSpecs) {
      // Most GPU pods tolerate the taint by its key: nothing else needs reading then.
      if (!podRequestsAccelerator(view, pod, ctx.cluster) || toleratesGpuTaint(view, pod, key, noResources) || writtenForGke(view, pod) || onEks(view, pod) || boundToNode(view, pod)) {
        continue;
      }
      // An overlay that patches the pod's tolerations decides them (one overlay per cluster and its GPU pools' taints).
      if (podFieldPatched(ctx.kustomizeBuild, obj, pod, 'tolerations')) {
        continue;
      }
      // The admission plugin (and GKE) tolerate pods that ask for the vendor's extended resource; a DRA claim is none.
      // It adds tolerations keyed by resource names only: a taint key that names none (`dedicated`) it never tolerates.
      const claimedOnly = gpusFromClaimsOnly(view, pod, ctx.cluster);
      const ownResources = acceleratorNames(view, pod, ctx.cluster);
      // KAI Scheduler shares NVIDIA GPUs, which the pod requests nowhere in its resources.
      const kaiShare = !claimedOnly && ownResources.size === 0 ? kaiShareAnnotation(view, pod) : undefined;
      const admissionTolerates = ctx.cluster.extendedResourceToleration && (vendor !== undefined || ownResources.has(key));
      if (kaiShare !== undefined ? vendor !== undefined && vendor !== 'nvidia.com' : claimedOnly ? vendor !== undefined && !claimsFrom(pod, vendor) : admissionTolerates || (vendor !== undefined && !requestsFrom(view, pod, vendor, ctx.cluster))) {
        continue;
      }
      // A toleration named after a resource the pod asks for (`nvidia.com/mig-4g.96gb`) is for the taint that cluster puts on those nodes.
      if (toleratesGpuTaint(view, pod, key, ownResources) || usesGkeOnlyFeatures(obj, pod)) {
        continue;
      }
      // No toleration matches for a blocking effect: any that matches is for PreferNoSchedule only.
      const onlyPreferred = view.list(view.get(pod.spec, 'tolerations')).some((t) => matchesGpuTaint(view, t, key, ownResources));
      const tolerations = view.seq(view.get(pod.spec, 'tolerations'));
      const entry = `- key: ${key}\n  operator: Exists\n  effect: NoSchedule`;
      const edit = tolerations || !wantsFixes(ctx) ? undefined : insertIntoMap(view, pod.spec, `tolerations:\n  ${entry.split('\n').join('\n  ')}`);
      const message = claimedOnly
        ? `This pod's GPUs come from DRA resource claims, and the ExtendedResourceToleration admission plugin and GKE add the ${key} toleration only to pods that request GPUs in resources.limits, so it stays Pending on GPU node pools tainted ${key}; add a toleration for ${key}.`
        : onlyPreferred
          ? `This GPU pod tolerates the ${key} taint only with effect PreferNoSchedule, which matches no taint that keeps pods off a node, so it stays Pending on GPU node pools tainted NoSchedule; remove the effect from the toleration (or set it to the taint's).`
          : kaiShare !== undefined
            ? `This pod's GPU share comes from its ${kaiShare} annotation (KAI Scheduler), and the ExtendedResourceToleration admission plugin and GKE add the ${key} toleration only to pods that request GPUs in resources.limits, so it stays Pending on GPU node pools tainted ${key}; add a toleration for ${key}.`
            : `This GPU pod does not tolerate the ${key} taint, so it stays Pending on tainted GPU node pools; add a toleration for ${key}${admissionHint(key, ctx.cluster, ownResources)}.`;
      out.push(finding(pod.anchor, message, edit ? { title: `Tolerate ${key}`, edits: [edit] } : undefined));
    }
    return out;
  },
};
