/** The one place that knows where rule documentation lives. */
export const RULE_DOCS_BASE = 'https://ml-containers.dev/rules';

export function ruleDocUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}#${ruleId}`;
}
