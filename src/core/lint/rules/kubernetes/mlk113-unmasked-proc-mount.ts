import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK113',
    name: 'unmasked-proc-mount',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeLinter: ['unsafe-proc-mount'], polaris: ['procMount'] },
    description: 'A container sets procMount: Unmasked.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      const pair = obj.view.pair(obj.view.get(c.node, 'securityContext'), 'procMount');
      const range = obj.view.range(pair?.value);
      if (!pair || obj.view.str(pair.value) !== 'Unmasked' || !range) {
        continue;
      }
      const line = range.start.line;
      const alone = /^\s*procMount\s*:\s*Unmasked\s*\r?$/.test(obj.view.file.lines[line - 1] ?? '');
      out.push(finding(range, `${containerLabel(c)} sets procMount: Unmasked, exposing the host's /proc; remove the field.`, alone ? { title: 'Remove procMount', edits: [{ range: { start: { line, column: 1 }, end: { line: line + 1, column: 1 } }, newText: '' }] } : undefined));
    }
    return out;
  },
};
