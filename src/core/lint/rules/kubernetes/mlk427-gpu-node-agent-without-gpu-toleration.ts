import { imageRepository, podRequestsAccelerator } from '../../kubernetes/gpu';
import { podFieldPatched } from '../../kubernetes/kustomize-patched-fields';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { privilegedNodeAgentContainer } from './gpu-node-agents';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { afterLastSlash } from '../../after-last-slash';

/** The vendor whose GPU nodes a node-agent image serves, by the organisation in its repository (`nvcr.io/nvidia/k8s/dcgm-exporter`). */
const agentVendors: readonly { organisation: RegExp; domain: string }[] = [
  { organisation: /(?:^|\/)nvidia\//, domain: 'nvidia.com' },
  { organisation: /(?:^|\/)rocm\//, domain: 'amd.com' },
  { organisation: /(?:^|\/)intel\//, domain: 'gpu.intel.com' },
];

/** AKS's GPU driver installer (`mcr.microsoft.com/aks/aks-gpu-cuda`) installs NVIDIA's driver, or AMD's from an image tagged for ROCm. */
const aksDriverInstallerRe = /(?:^|\/)aks\/aks-gpu/;

function agentVendor(repository: string, image: string): string | undefined {
  if (aksDriverInstallerRe.test(repository)) {
    return /rocm/i.test(image) ? 'amd.com' : 'nvidia.com';
  }
  return agentVendors.find((v) => v.organisation.test(repository))?.domain;
}

/** Accelerator vendors' domains: a taint keyed in one (`nvidia.com/gpu`) is on that vendor's node pools only (as MLK409 reads it). */
const vendorDomains = new Set(['nvidia.com', 'amd.com', 'gpu.intel.com', 'google.com', 'aws.amazon.com', 'habana.ai']);

interface NodeAgent {
  /** The image's last path segment (`dcgm-exporter`, `k8s-device-plugin`). */
  name: string;
  vendor: string;
}

/** The GPU node agent the DaemonSet pod runs: every app container runs a GPU vendor's node-infrastructure image (gpu-node-agents.ts). */
function gpuNodeAgent(obj: KubeObject, pod: PodSpecRef): NodeAgent | undefined {
  const agent = pod.containers.find((c) => privilegedNodeAgentContainer(obj, pod, c));
  const image = agent && obj.view.str(obj.view.get(agent.node, 'image'));
  if (image === undefined) {
    return undefined;
  }
  const repository = imageRepository(image).toLowerCase();
  const vendor = agentVendor(repository, image);
  return vendor === undefined ? undefined : { name: afterLastSlash(repository), vendor };
}

/**
 * The taint the cluster profile puts on this vendor's GPU nodes: `cluster.gpuTaintKey` when it is the vendor's own
 * (`nvidia.com/gpu` by default) or names no vendor (`sku`, `dedicated`: every GPU pool carries it). Another vendor's
 * key says nothing about these nodes: AMD's and Intel's charts tolerate no GPU taint of their own by default.
 */
function gpuTaintOf(vendor: string, cluster: ClusterProfile): string | undefined {
  const key = cluster.gpuTaintKey;
  const slash = key.indexOf('/');
  const domain = slash < 0 ? undefined : key.slice(0, slash);
  return domain === undefined || !vendorDomains.has(domain) || domain === vendor ? key : undefined;
}

const gpuWordRe = /gpu|accelerator/i;

/**
 * The toleration lets the pod onto the GPU nodes: it names the taint, any taint (no key, `operator: Exists`), another
 * taint of the vendor's domain, or a GPU taint of the cluster's own naming (`dedicated=gpu`, AKS's `sku=gpu`).
 * One for PreferNoSchedule only matches taints that never keep a pod off a node.
 */
function toleratesGpuNodes(view: YamlView, toleration: unknown, key: string, vendor: string): boolean {
  if (view.text(toleration, 'effect') === 'PreferNoSchedule') {
    return false;
  }
  const k = view.text(toleration, 'key');
  if (k === undefined || k === '') {
    return view.text(toleration, 'operator') === 'Exists';
  }
  return k === key || k.startsWith(`${vendor}/`) || gpuWordRe.test(k) || gpuWordRe.test(view.text(toleration, 'value') ?? '');
}

/** Helm renders the pod from a chart whose values hold its tolerations; a controller (the GPU Operator's ClusterPolicy) sets them on what it creates. */
function madeByChartOrController(obj: KubeObject, pod: PodSpecRef): boolean {
  const view = obj.view;
  const metadata = view.get(obj.root, 'metadata');
  if (view.get(metadata, 'ownerReferences') !== undefined) {
    return true;
  }
  return [view.get(metadata, 'labels'), view.get(pod.templateMetadata, 'labels')].some((labels) => view.get(labels, 'helm.sh/chart') !== undefined || view.get(labels, 'app.kubernetes.io/managed-by') !== undefined);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK427',
    name: 'gpu-node-agent-without-gpu-toleration',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A GPU node-agent DaemonSet (device plugin, DCGM exporter, GPU feature discovery) does not tolerate the GPU taint.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // A patch holds only the fields it changes (NVIDIA's gpu-tainted-nodes-patch.yaml adds the toleration to dcgm-exporter).
    if (!obj || obj.workload !== 'daemon' || ctx.patch === true) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      // An overlay that patches the pod's tolerations decides them (a base device plugin, an overlay per cluster's taints).
      if (podFieldPatched(ctx.kustomizeBuild, obj, pod, 'tolerations')) {
        continue;
      }
      const agent = gpuNodeAgent(obj, pod);
      const key = agent && gpuTaintOf(agent.vendor, ctx.cluster);
      // A pod that requests GPUs is MLK409's.
      if (!agent || key === undefined || madeByChartOrController(obj, pod) || podRequestsAccelerator(view, pod, ctx.cluster)) {
        continue;
      }
      const tolerations = view.get(pod.spec, 'tolerations');
      if (view.list(tolerations).some((t) => toleratesGpuNodes(view, t, key, agent.vendor))) {
        continue;
      }
      const entry = `- key: ${key}\n  operator: Exists\n  effect: NoSchedule`;
      const edit = tolerations !== undefined || !wantsFixes(ctx) ? undefined : insertIntoMap(view, pod.spec, `tolerations:\n  ${entry.split('\n').join('\n  ')}`);
      const at = view.keyRange(pod.spec, 'tolerations') ?? obj.anchor;
      const what = obj.name !== undefined ? `DaemonSet "${obj.name}"` : 'This DaemonSet';
      const gke = key === 'nvidia.com/gpu' ? ' (as GKE taints GPU pools added beside CPU pools)' : '';
      const message = `${what} runs a GPU node agent (${agent.name}) but does not tolerate the ${key} taint, so it never runs on the GPU nodes it serves when they are tainted ${key}:NoSchedule${gke}; add a toleration with key ${key}, operator Exists and effect NoSchedule.`;
      out.push(finding(at, message, edit ? { title: `Tolerate ${key}`, edits: [edit] } : undefined));
    }
    return out;
  },
};
