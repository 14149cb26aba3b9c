import { appliedAsOneSet } from '../../cross/applied-together';
import { objectsOfKind, podPorts, podsSelectedBy, serviceSelector } from '../../cross/kube';
import { podListeningPorts } from '../../cross/pod-listening-ports';
import type { CrossFinding, CrossRule } from '../../cross/rule';

export const rule: CrossRule = {
  meta: {
    id: 'MLX007',
    name: 'service-target-port-mismatch',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: "No pod the Service selects has a container port its targetPort can reach.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const svc of objectsOfKind(ws, 'Service')) {
      const view = svc.obj.view;
      const selector = serviceSelector(svc);
      if (selector.size === 0) {
        continue;
      }
      // The pods applied as one set with the Service (its file, its folder or its kustomize build): another example's
      // namesakes, in the same namespace by omission, listen where their own Services send traffic.
      const selected = podsSelectedBy(ws, svc.namespace, selector).filter((p) => appliedAsOneSet(ws, svc.path, p.entry.path));
      // A kustomize patch that edits the pods' ports or containers in a way not read leaves their ports unknown.
      if (selected.length === 0 || selected.some((p) => p.entry.kustomized?.opaquePorts === true)) {
        continue;
      }
      // With the ports a kustomize patch adds (a kube-rbac-proxy sidecar's `https`).
      const ports = selected.flatMap((p) => podPorts(p));
      // A numeric targetPort reaches any port the container listens on, declared or not: its probes' ports say where.
      const listening = selected.flatMap((p) => podListeningPorts(p));
      for (const item of view.items(view.at(svc.obj.root, ['spec', 'ports']))) {
        const target = view.text(item, 'targetPort') ?? view.text(item, 'port');
        const range = view.valueRange(item, 'targetPort') ?? view.valueRange(item, 'port');
        if (target === undefined || !range) {
          continue;
        }
        const named = !/^\d+$/.test(target);
        if (named ? ports.some((p) => p.name === target) : ports.length === 0 || ports.some((p) => p.number === target) || listening.includes(target)) {
          continue;
        }
        const declared = new Set(named ? ports.map((p) => p.name).filter((n): n is string => n !== undefined) : ports.map((p) => p.number).filter((n): n is string => n !== undefined));
        const undeclared = named ? [] : [...new Set(listening)].filter((port) => !declared.has(port));
        // A fix only where the pods listen on one port: a probe's is as good a candidate as a declared one.
        const candidates = new Set([...declared, ...undeclared]);
        const only = candidates.size === 1 ? [...candidates][0] : undefined;
        const listed = declared.size > 0 ? ` (they declare ${[...declared].join(', ')}${undeclared.length > 0 ? ` and also listen on ${undeclared.join(', ')}` : ''})` : '';
        out.push({
          path: svc.path,
          range,
          object: svc.obj,
          message: `targetPort ${target} matches no ${named ? 'named container port' : 'containerPort'} of the selected pods${listed}; use the port the container listens on.`,
          ...(only !== undefined && view.get(item, 'targetPort') !== undefined ? { fix: { title: `Use targetPort ${only}`, edits: [{ range, newText: only }] } } : {}),
        });
      }
    }
    return out;
  },
};
