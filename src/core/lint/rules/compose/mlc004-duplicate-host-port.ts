import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import type { Node } from 'yaml';
import { canRunTogether, finding, portEntries, profilesOf, services } from './helpers';

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
    // Binds by protocol and host port; ranges are expanded within a budget (hostile files list huge ranges).
    const bound = new Map<string, { ip: string | undefined; service: string; profiles: string[]; node: Node }[]>();
    let budget = 1_000_000;
    const reported = new Set<Node>();
    for (const s of services(ctx)) {
      const profiles = profilesOf(ctx.view, s);
      for (const p of portEntries(ctx.view, s)) {
        // Interpolated entries hold defaults, and the `.env` file Compose reads usually sets the real ports.
        if (!p.host || p.host[0] === 0 || p.interpolated) {
          continue;
        }
        const [from, to] = p.host;
        let clash: { port: number; service: string; node: Node } | undefined;
        for (let port = from; port <= to && budget > 0; port++, budget--) {
          const key = `${p.protocol}/${port}`;
          const binds = bound.get(key) ?? [];
          const other = clash ? undefined : binds.find((b) => (anyIp(b.ip) || anyIp(p.hostIp) || b.ip === p.hostIp) && canRunTogether(b.profiles, profiles));
          if (other) {
            clash = { port, service: other.service, node: other.node };
          }
          binds.push({ ip: p.hostIp, service: s.name, profiles, node: p.node });
          bound.set(key, binds);
        }
        // An entry shared through a YAML anchor or merge key is one line: report it there once.
        if (clash && !reported.has(p.node)) {
          reported.add(p.node);
          const what = clash.node === p.node ? `is published by services "${clash.service}" and "${s.name}" through this shared entry` : `is already published by service "${clash.service}"`;
          out.push(finding(p.range, `Host port ${clash.port}/${p.protocol} ${what}; the second bind fails at \`compose up\`, so pick another host port or host IP.`));
        }
      }
    }
    return out;
  },
};
