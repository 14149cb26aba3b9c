import type { KubernetesContext } from '../../kubernetes/rule';
import type { Range } from '../../types';
import { comparePositions } from '../../types';
import { rule as schemaRule } from './mlk002-schema-violation';

/** MLK002's message for a repeated list-map key (after the path). */
const duplicateEntry = /(?:^|: )Duplicate entry: /;

/**
 * Whether MLK002 reports a repeated entry inside `node` (the item's range): a rule that finds the same repeat leaves it
 * to MLK002. MLK002 is asked once per document, and only when the caller asks: most documents repeat nothing.
 */
export function schemaRepeatsIn(ctx: KubernetesContext): (node: Range) => boolean {
  let reported: readonly Range[] | undefined;
  return (node) => {
    reported ??= ctx.schemas ? schemaRule.check(ctx).flatMap((f) => (duplicateEntry.test(f.message) ? [f.range] : [])) : [];
    return reported.some((at) => comparePositions(at.start, node.start) >= 0 && comparePositions(at.start, node.end) < 0);
  };
}
