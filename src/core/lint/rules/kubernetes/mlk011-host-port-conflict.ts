import type { Node } from 'yaml';
import type { ContainerRef, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { containerLabel, finding } from './helpers';
import { schemaRepeatsIn } from './schema-duplicates';

/** A container port that binds a host port, keyed as the API server's host-port check keys it. */
interface Binding {
  c: ContainerRef;
  /** `protocol/hostIP/hostPort`: protocol TCP when unset, hostIP as written ('' and '0.0.0.0' differ). */
  key: string;
  /** The port as messages name it: `8080/TCP`, `10.0.0.1:8080/UDP`. */
  shown: string;
  containerPort: unknown;
  /** No hostPort is written: on the host network the API server sets it to the containerPort. */
  defaulted: boolean;
  range: Range;
}

function binding(view: YamlView, c: ContainerRef, item: Node, hostNetwork: boolean): Binding | undefined {
  if (view.get(item, '$patch') !== undefined) {
    return undefined;
  }
  const containerPort = view.scalar(view.get(item, 'containerPort'))?.value;
  const written = view.scalar(view.get(item, 'hostPort'))?.value;
  const defaulted = hostNetwork && (written === undefined || written === null || written === 0);
  const hostPort = defaulted ? containerPort : written;
  if (typeof hostPort !== 'number' || !Number.isInteger(hostPort) || hostPort <= 0) {
    return undefined;
  }
  const range = view.valueRange(item, defaulted ? 'containerPort' : 'hostPort');
  if (!range) {
    return undefined;
  }
  const protocol = view.text(item, 'protocol') ?? 'TCP';
  const hostIP = view.text(item, 'hostIP') ?? '';
  const shown = `${hostIP !== '' ? `${hostIP}:` : ''}${hostPort}/${protocol}`;
  return { c, key: `${protocol}/${hostIP}/${hostPort}`, shown, containerPort, defaulted, range };
}

/**
 * The sets of containers whose host ports must differ: the app containers together, each init container alone (init
 * containers run one at a time, and validation checks a restartPolicy: Always sidecar alone too). Ephemeral
 * containers may declare no ports.
 */
function portGroups(pod: PodSpecRef): ContainerRef[][] {
  const app = pod.containers.filter((c) => c.kind === 'containers');
  return [app, ...pod.containers.filter((c) => c.kind === 'initContainers').map((c) => [c])];
}

/** Some port of the pod's containers writes a hostPort. */
function writesHostPort(view: YamlView, pod: PodSpecRef): boolean {
  return pod.containers.some((c) => view.list(view.get(c.node, 'ports')).some((item) => view.get(item, 'hostPort') !== undefined));
}

function message(b: Binding, first: Binding): string {
  const rejects = 'the API server rejects a pod that binds one host port twice';
  if (b.defaulted || first.defaulted) {
    const what = b.c === first.c ? `declares port ${b.shown} twice` : `listens on port ${b.shown}, as ${containerLabel(first.c)} does`;
    return `${containerLabel(b.c)} ${what}, and on the host network each containerPort is also a host port; ${rejects}, so give one of them another port or remove one.`;
  }
  const what = b.c === first.c ? ` for both containerPort ${String(first.containerPort)} and containerPort ${String(b.containerPort)}` : `, as ${containerLabel(first.c)} does`;
  return `${containerLabel(b.c)} binds host port ${b.shown}${what}; ${rejects}, so give one of them another hostPort or remove one.`;
}

/** The ports of `group` that bind a host port an earlier one binds, less the repeated entries MLK002 reports. */
function clashes(view: YamlView, group: readonly ContainerRef[], hostNetwork: boolean, schemaReports: (node: Range) => boolean): RuleFinding[] {
  const out: RuleFinding[] = [];
  const seen = new Map<string, Binding>();
  for (const c of group) {
    for (const item of view.list(view.get(c.node, 'ports'))) {
      const b = binding(view, c, item, hostNetwork);
      const first = b && seen.get(b.key);
      if (b && !first) {
        seen.set(b.key, b);
      }
      const itemRange = first ? view.range(item) : undefined;
      if (b && first && itemRange && !schemaReports(itemRange)) {
        out.push(finding(b.range, message(b, first)));
      }
    }
  }
  return out;
}

/**
 * MLK002 reports an entry that repeats another of the same container's ports exactly (containerPort, protocol,
 * hostPort and hostIP as written); this rule every other clash the API server's host-port check rejects: across app
 * containers, between different containerPorts of one container, a protocol left to its TCP default, and the host
 * ports the host network gives every containerPort.
 */
export const rule: KubernetesRule = {
  meta: {
    id: 'MLK011',
    name: 'host-port-conflict',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: "Two ports of a pod's app containers (or of one init container) bind the same host port, protocol and hostIP, counting the containerPorts of a host-network pod; the API server rejects the pod.",
  },
  check(ctx) {
    const obj = ctx.object;
    const out: RuleFinding[] = [];
    if (!obj) {
      return out;
    }
    const view = obj.view;
    let schemaReports: ((node: Range) => boolean) | undefined;
    for (const pod of obj.podSpecs) {
      const hostNetwork = view.bool(pod.spec, 'hostNetwork') === true;
      // Off the host network only a written hostPort binds one (most pods write none): nothing can clash.
      if (!hostNetwork && !writesHostPort(view, pod)) {
        continue;
      }
      schemaReports ??= schemaRepeatsIn(ctx);
      for (const group of portGroups(pod)) {
        out.push(...clashes(view, group, hostNetwork, schemaReports));
      }
    }
    return out;
  },
};
