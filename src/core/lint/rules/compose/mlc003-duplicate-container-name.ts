import type { ComposeRule } from '../../compose/rule';
import { mergedGet, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import type { RuleFinding } from '../../types';
import { canRunTogether, envNote, finding, profilesOf, services, unknownValue } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC003',
    name: 'duplicate-container-name',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['no-duplicate-container-names'] },
    description: 'One container_name is used by two services, or combined with more than one replica.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    // Compose checks the names of the services it starts, so services in disjoint profiles may share one.
    const seen = new Map<string, { service: string; profiles: string[]; fromEnv: string[] }[]>();
    for (const s of services(ctx)) {
      const pair = mergedPair(view, s, 'container_name');
      const written = pair ? view.str(pair.value) : undefined;
      const read = written !== undefined ? composeReading(view, written) : undefined;
      const range = pair ? view.pairValueRange(pair) : undefined;
      if (written === undefined || read === undefined || !range || unknownValue(written, read.value)) {
        continue;
      }
      const name = read.value;
      const profiles = profilesOf(view, s);
      const users = seen.get(name) ?? [];
      const first = users.find((u) => canRunTogether(u.profiles, profiles));
      if (first !== undefined) {
        out.push(finding(range, `container_name "${name}"${envNote([...first.fromEnv, ...read.fromEnv])} is also used by service "${first.service}"; container names are global to the engine, so give each service its own name or drop container_name.`));
      }
      users.push({ service: s.name, profiles, fromEnv: read.fromEnv });
      seen.set(name, users);
      const count = view.str(mergedGet(view, mergedGet(view, s, 'deploy'), 'replicas')) ?? view.str(mergedGet(view, s, 'scale'));
      const replicas = count !== undefined ? composeReading(view, count) : { value: '1', fromEnv: [] };
      if (Number(replicas.value) > 1) {
        out.push(finding(range, `Service "${s.name}" runs ${Number(replicas.value)} replicas but sets container_name "${name}"${envNote([...read.fromEnv, ...replicas.fromEnv])}, which only one container can have; drop container_name to let Compose name the replicas.`));
      }
    }
    return out;
  },
};
