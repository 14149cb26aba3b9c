import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import type { PodSpecRef } from '../../kubernetes/model';
import { finding, insertIntoMap, wantsFixes } from './helpers';

const hostname = 'kubernetes.io/hostname';
const kinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

function spreadsAcrossNodes(view: YamlView, pod: PodSpecRef): boolean {
  if (view.list(view.get(pod.spec, 'topologySpreadConstraints')).length > 0) {
    return true;
  }
  const anti = view.at(pod.spec, ['affinity', 'podAntiAffinity']);
  const onHostname = (term: Node | undefined) => view.text(term, 'topologyKey') === hostname;
  return view.list(view.get(anti, 'requiredDuringSchedulingIgnoredDuringExecution')).some(onHostname) || view.list(view.get(anti, 'preferredDuringSchedulingIgnoredDuringExecution')).some((p) => onHostname(view.get(p, 'podAffinityTerm')));
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
    const range = view.valueRange(spec, 'replicas');
    if (!range || spreadsAcrossNodes(view, pod)) {
      return [];
    }
    const edit = wantsFixes(ctx) ? spreadEdit(view, spec, pod) : undefined;
    return [finding(range, `These ${replicas} replicas may all land on one node, so a single node failure takes them all down; add topologySpreadConstraints (or pod anti-affinity) on ${hostname}.`, edit ? { title: 'Spread replicas across nodes', edits: [edit] } : undefined)];
  },
};
