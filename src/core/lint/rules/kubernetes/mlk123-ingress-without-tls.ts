import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK123',
    name: 'ingress-without-tls',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { polaris: ['tlsSettingsMissing'] },
    description: 'An Ingress has no spec.tls.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || obj.kind !== 'Ingress' || obj.view.list(obj.view.at(obj.root, ['spec', 'tls'])).length > 0) {
      return out;
    }
    // Hosts under .localhost resolve to the loopback address (RFC 6761): a local dev cluster's Ingress (k3d, kind).
    const hosts = obj.view.list(obj.view.at(obj.root, ['spec', 'rules'])).map((r) => (obj.view.text(r, 'host') ?? '').toLowerCase());
    if (hosts.length > 0 && hosts.every((h) => h === 'localhost' || h.endsWith('.localhost'))) {
      return out;
    }
    const range = obj.view.rangeOfKey(obj.root, ['spec']) ?? obj.anchor;
    out.push(finding(range, 'This Ingress serves plain HTTP (no spec.tls); add a tls section with a certificate Secret (e.g. from cert-manager).'));
    return out;
  },
};
