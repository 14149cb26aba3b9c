import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { imageRepository, isServingContainer } from '../../kubernetes/gpu';
import { appContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';
import { alwaysSucceedingCommand } from './probe-always-succeeds';
import { knownServerEndpoint, probePort } from './readiness-endpoints';

const kinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK311',
    name: 'readiness-probe-missing',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['no-readiness-probe'], kubeScore: ['pod-probes'], polaris: ['readinessProbeMissing'] },
    description: 'A long-running container declares a containerPort but has no readinessProbe, or one that always succeeds.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    if (!kinds.has(ctx.object?.kind ?? '')) {
      return out;
    }
    for (const { obj, pod, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const probe = view.get(c.node, 'readinessProbe');
      // An exec probe that cannot fail (`true`, `curl -f … || true`) marks the container Ready as soon as it starts.
      const noop = alwaysSucceedingCommand(view, probe);
      if (probe !== undefined && noop === undefined) {
        continue;
      }
      const port = view.str(view.get(view.list(view.get(c.node, 'ports'))[0], 'containerPort'));
      // GPU serving containers are MLK415's; no Service needs to target the pod (trap T24).
      if (port === undefined || isServingContainer(obj, c, ctx.cluster)) {
        continue;
      }
      // A model server on CPUs (TF Serving, Triton, TorchServe) is ready once its models load: probe its own endpoint.
      const server = knownServerEndpoint(obj, pod, c.node, imageRepository(view.text(c.node, 'image') ?? ''));
      if (noop !== undefined) {
        const check = server ? `an HTTP readiness probe on ${server.path}` : `a check of the server itself (an httpGet on its health endpoint, or a tcpSocket on port ${port})`;
        out.push(finding(view.keyRange(c.node, 'readinessProbe') ?? c.anchor, `${containerLabel(c)} listens on port ${port} but its readinessProbe always succeeds (exec "${noop}"), so it gets traffic before it is ready; replace it with ${check}.`));
        continue;
      }
      if (server) {
        const edit = wantsFixes(ctx) ? insertIntoMap(view, c.node, `readinessProbe:\n  httpGet:\n    path: ${server.path}\n    port: ${probePort(view, c.node, server)}\n  periodSeconds: 10`) : undefined;
        out.push(finding(c.anchor, `${containerLabel(c)} serves models but has no readinessProbe, so it gets traffic while they load; add an HTTP readiness probe on ${server.path}.`, edit ? { title: `Add a readinessProbe on ${server.path}`, edits: [edit] } : undefined));
        continue;
      }
      const edit = !wantsFixes(ctx) ? undefined : insertIntoMap(view, c.node, `readinessProbe:\n  tcpSocket:\n    port: ${port}\n  periodSeconds: 10`);
      out.push(finding(c.anchor, `${containerLabel(c)} listens on port ${port} but has no readinessProbe, so it gets traffic before it is ready; add a readiness probe.`, edit ? { title: 'Add a TCP readinessProbe', edits: [edit] } : undefined));
    }
    return out;
  },
};
