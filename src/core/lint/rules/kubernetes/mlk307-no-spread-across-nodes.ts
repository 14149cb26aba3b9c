import type { KubernetesRule } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import type { PodSpecRef } from '../../kubernetes/model';
import { finding, insertIntoMap, wantsFixes } from './helpers';

const hostname = 'kubernetes.io/hostname';
const kinds = new Set(['Deployment', 'StatefulSet', 'ReplicaSet']);

function spreadsAcrossNodes(view: YamlView, pod: PodSpecRef): boolean {
  if (view.items(view.get(pod.spec, 'topologySpreadConstraints')).length > 0) {
    return true;
  }
  const anti = view.at(pod.spec, ['affinity', 'podAntiAffinity']);
  const required = view.items(view.get(anti, 'requiredDuringSchedulingIgnoredDuringExecution'));
  const preferred = view.items(view.get(anti, 'preferredDuringSchedulingIgnoredDuringExecution')).map((p) => view.get(p, 'podAffinityTerm'));
  return [...required, ...preferred].some((term) => view.text(term, 'topologyKey') === hostname);
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
    const range = view.valueRange(spec, 'replicas');
    if (typeof replicas !== 'number' || replicas < 2 || !range || spreadsAcrossNodes(view, pod)) {
      return [];
    }
    const labels = view.entries(view.at(spec, ['selector', 'matchLabels'])).map(([k, p]) => [k, view.str(p.value)] as const);
    const selector = labels.filter((l): l is readonly [string, string] => l[1] !== undefined).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`);
    const edit = wantsFixes(ctx) && selector.length > 0 && selector.length === labels.length
      ? insertIntoMap(view, pod.spec, ['topologySpreadConstraints:', '  - maxSkew: 1', `    topologyKey: ${hostname}`, '    whenUnsatisfiable: ScheduleAnyway', '    labelSelector:', '      matchLabels:', ...selector.map((l) => `  ${l}`)].join('\n'))
      : undefined;
    return [finding(range, `These ${replicas} replicas may all land on one node, so a single node failure takes them all down; add topologySpreadConstraints (or pod anti-affinity) on ${hostname}.`, edit ? { title: 'Spread replicas across nodes', edits: [edit] } : undefined)];
  },
};
