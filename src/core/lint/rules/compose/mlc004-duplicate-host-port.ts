import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import { finding, portEntries, services } from './helpers';

const anyIp = (ip: string | undefined) => ip === undefined || ip === '0.0.0.0' || ip === '::' || ip === '';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC004',
    name: 'duplicate-host-port',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['no-duplicate-exported-ports'] },
    description: 'Two published ports bind the same host IP, port and protocol.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const bound: { ip: string | undefined; from: number; to: number; protocol: string; service: string }[] = [];
    for (const s of services(ctx)) {
      for (const p of portEntries(ctx.view, s)) {
        if (!p.host || p.host[0] === 0) {
          continue;
        }
        const [from, to] = p.host;
        const clash = bound.find((b) => b.protocol === p.protocol && b.from <= to && from <= b.to && (anyIp(b.ip) || anyIp(p.hostIp) || b.ip === p.hostIp));
        if (clash) {
          const port = Math.max(from, clash.from);
          out.push(finding(p.range, `Host port ${port}/${p.protocol} is already published by service "${clash.service}"; the second bind fails at \`compose up\`, so pick another host port or host IP.`));
        }
        bound.push({ ip: p.hostIp, from, to, protocol: p.protocol, service: s.name });
      }
    }
    return out;
  },
};
