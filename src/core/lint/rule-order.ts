/** A rule ID as every rule has one: capital letters, then digits (`MLD001`, `MLK402`). */
const plainId = /^[A-Z]+[0-9]+$/;

/**
 * Rule IDs in `localeCompare` order. Two plain IDs compare by code unit, which gives that order (digits
 * before letters, letters alphabetically, a prefix first) without the collator, whose first use costs a
 * process about 8 ms; any other ID goes through localeCompare.
 */
export function compareRuleIds(a: string, b: string): number {
  if (plainId.test(a) && plainId.test(b)) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return a.localeCompare(b);
}
