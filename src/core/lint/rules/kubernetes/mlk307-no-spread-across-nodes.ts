import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { PodSpecRef } from '../../kubernetes/model';
import { finding, insertIntoMap, wantsFixes } from './helpers';
import { resourceEntries } from '../../kubernetes/gpu';
import { parseQuantity } from '../../kubernetes/quantity';
import { labelMap, selectorMatches } from './selectors';
import { selectsSharedGpuNodes, takesGpuSlice } from '../../kubernetes/shared-gpu-pods';

const hostname = 'kubernetes.io/hostname';
const kinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

/** The required and preferred pod anti-affinity terms on the hostname. */
function hostnameTerms(view: YamlView, pod: PodSpecRef): Node[] {
  const anti = view.at(pod.spec, ['affinity', 'podAntiAffinity']);
  if (anti === undefined) {
    return [];
  }
  const required = view.list(view.get(anti, 'requiredDuringSchedulingIgnoredDuringExecution'));
  const preferred = view.list(view.get(anti, 'preferredDuringSchedulingIgnoredDuringExecution')).map((p) => view.get(p, 'podAffinityTerm'));
  return [...required, ...preferred].filter((term): term is Node => term !== undefined && view.text(term, 'topologyKey') === hostname);
}

const substituted = (text: string): boolean => text.includes('$') || text.includes('{{');

/** The template's labels, when every one is a plain string (no envsubst or template text); undefined otherwise. */
function plainTemplateLabels(view: YamlView, pod: PodSpecRef): Map<string, string> | undefined {
  const pairs = view.pairs(view.get(pod.templateMetadata, 'labels'));
  const labels = labelMap(view, pod.templateMetadata);
  return pairs.length > 0 && labels.size === pairs.length && ![...labels].some(([k, v]) => substituted(k) || substituted(v)) ? labels : undefined;
}

/** The selector's keys and values, to tell substituted text apart. */
function selectorTexts(view: YamlView, selector: Node | undefined): string[] {
  const texts = view.pairs(view.get(selector, 'matchLabels')).flatMap((p) => [view.keyOf(p) ?? '', view.str(p.value) ?? '']);
  for (const e of view.list(view.get(selector, 'matchExpressions'))) {
    texts.push(view.text(e, 'key') ?? '', ...view.list(view.get(e, 'values')).map((v) => view.str(v) ?? ''));
  }
  return texts;
}

/** The term plainly selects none of the pod's own labels, so it keeps the replicas apart from other pods only. */
function missesOwnPods(view: YamlView, term: Node, labels: Map<string, string>): boolean {
  const selector = view.get(term, 'labelSelector');
  return selector !== undefined && !selectorTexts(view, selector).some(substituted) && selectorMatches(view, selector, labels) === false;
}

/** Accelerators that come eight to a node at most (HGX and MI300X boards, Gaudi servers). */
const boardAccelerators = new Set(['nvidia.com/gpu', 'amd.com/gpu', 'habana.ai/gaudi']);
const acceleratorsPerNode = 8;

/** Each pod asks for a whole node's accelerators (a rank of a multi-node model): no two pods fit on one node. */
function takesWholeNode(view: YamlView, pod: PodSpecRef): boolean {
  let total = 0;
  for (const c of pod.containers) {
    for (const e of c.kind === 'containers' ? resourceEntries(view, c.node, 'limits') : []) {
      total += boardAccelerators.has(e.name) ? (parseQuantity(view.scalar(e.value)?.value) ?? 0) : 0;
    }
  }
  return total >= acceleratorsPerNode;
}

type Spread = { kind: 'spread' } | { kind: 'none' } | { kind: 'selector-misses'; term: Node };

function spreadAcrossNodes(view: YamlView, pod: PodSpecRef): Spread {
  if (view.list(view.get(pod.spec, 'topologySpreadConstraints')).length > 0 || takesWholeNode(view, pod)) {
    return { kind: 'spread' };
  }
  const terms = hostnameTerms(view, pod);
  const first = terms[0];
  if (first === undefined) {
    return { kind: 'none' };
  }
  const labels = plainTemplateLabels(view, pod);
  return labels !== undefined && terms.every((t) => missesOwnPods(view, t, labels)) ? { kind: 'selector-misses', term: first } : { kind: 'spread' };
}

/** Adds a topologySpreadConstraint on the hostname with the workload's selector labels (when they are all strings). */
function spreadEdit(view: YamlView, spec: Node | undefined, pod: PodSpecRef): TextEdit | undefined {
  const labels = view.entries(view.at(spec, ['selector', 'matchLabels'])).map(([k, p]) => [k, view.str(p.value)] as const);
  const selector = labels.filter((l): l is readonly [string, string] => l[1] !== undefined).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
  return selector.length > 0 && selector.length === labels.length
    ? insertIntoMap(view, pod.spec, ['topologySpreadConstraints:', '  - maxSkew: 1', `    topologyKey: ${hostname}`, '    whenUnsatisfiable: ScheduleAnyway', '    labelSelector:', '      matchLabels:', ...selector.map((l) => `  ${l}`)].join('\n'))
    : undefined;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK307',
    name: 'no-spread-across-nodes',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {
      kubeLinter: ['no-anti-affinity'],
      kubeScore: ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity', 'pod-topology-spread-constraints'],
      polaris: ['topologySpreadConstraint'],
    },
    description: 'A workload with two or more replicas has neither host pod anti-affinity nor topologySpreadConstraints.',
  },
  check(ctx) {
    const obj = ctx.object;
    const pod = obj?.podSpecs[0];
    if (!obj || !pod || !kinds.has(obj.kind ?? '')) {
      return [];
    }
    const view = obj.view;
    const spec = view.get(obj.root, 'spec');
    const replicas = view.scalar(view.get(spec, 'replicas'))?.value;
    if (typeof replicas !== 'number' || replicas < 2) {
      return [];
    }
    const spread = spreadAcrossNodes(view, pod);
    // Replicas that share GPUs (MPS, time-slicing, HAMi or KAI slices) are meant to pack onto the same cards.
    if (spread.kind === 'spread' || selectsSharedGpuNodes(view, pod) || takesGpuSlice(view, pod)) {
      return [];
    }
    const range = view.valueRange(spec, 'replicas');
    if (!range) {
      return [];
    }
    const edit = wantsFixes(ctx) ? spreadEdit(view, spec, pod) : undefined;
    const fix = edit ? { title: 'Spread replicas across nodes', edits: [edit] } : undefined;
    if (spread.kind === 'selector-misses') {
      const at = view.keyRange(spread.term, 'labelSelector') ?? range;
      return [finding(at, `The pod anti-affinity on ${hostname} has a labelSelector that matches none of the pod's own labels, so these ${replicas} replicas may still all land on one node; select the pod template's labels (or add topologySpreadConstraints).`, fix)];
    }
    return [finding(range, `These ${replicas} replicas may all land on one node, so a single node failure takes them all down; add topologySpreadConstraints (or pod anti-affinity) on ${hostname}.`, fix)];
  },
};
