import type { Node } from 'yaml';
import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import { comparePositions } from '../../types';
import type { YamlView } from '../../yaml/access';
import { containerLabel, containers, envEntries, finding } from './helpers';
import { rule as schemaRule } from './mlk002-schema-violation';

/** MLK002's message for a repeated list-map key (after the path). */
const duplicateEntry = /(?:^|: )Duplicate entry: /;

/**
 * Where MLK002 reports a repeated entry: a custom resource's CRD makes env a list-type map, and the API server rejects
 * the object instead of keeping the last value. Asked only for a repeat, once per document.
 */
function schemaDuplicates(ctx: KubernetesContext): readonly Range[] {
  return ctx.schemas ? schemaRule.check(ctx).flatMap((f) => (duplicateEntry.test(f.message) ? [f.range] : [])) : [];
}

const inside = (at: Range, node: Range): boolean => comparePositions(at.start, node.start) >= 0 && comparePositions(at.start, node.end) < 0;

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
    let rejected: readonly Range[] | undefined;
    const rejects = (view: YamlView, item: Node): boolean => {
      const range = view.range(item);
      rejected ??= schemaDuplicates(ctx);
      return range !== undefined && rejected.some((at) => inside(at, range));
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
