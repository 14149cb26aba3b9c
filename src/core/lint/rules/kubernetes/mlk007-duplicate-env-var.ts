import type { Node } from 'yaml';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { containerLabel, containers, envEntries, finding } from './helpers';
import { schemaRepeatsIn } from './schema-duplicates';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK007',
    name: 'duplicate-env-var',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['duplicate-env-var'], kubeScore: ['environment-variable-key-duplication'] },
    description: "The same name appears twice in one container's env.",
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const schemaReports = schemaRepeatsIn(ctx);
    const rejects = (view: YamlView, item: Node): boolean => {
      const range = view.range(item);
      return range !== undefined && schemaReports(range);
    };
    for (const { obj, c } of containers(ctx)) {
      const entries = envEntries(obj.view, c.node);
      if (entries.length < 2) {
        continue;
      }
      const seen = new Map<string, number>();
      entries.forEach((e, k) => {
        const before = seen.get(e.name);
        seen.set(e.name, k);
        if (before === undefined || rejects(obj.view, e.item)) {
          return;
        }
        const earlier = entries[before];
        const range = earlier ? obj.view.range(earlier.nameNode) : undefined;
        if (range) {
          out.push(finding(range, `${containerLabel(c)} sets ${e.name} more than once and only the last value takes effect; remove this earlier entry.`));
        }
      });
    }
    return out;
  },
};
