import { keyValues } from '../../dockerfile/kv';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding, replace } from './helpers';

/** A double-quoted value that keeps `$VAR` expansion working. */
function quoted(value: string): string {
  return /^[A-Za-z0-9_./:@$%+,{}-]*$/.test(value) && value !== '' ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD509',
    name: 'legacy-key-value-format',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['LegacyKeyValueFormat'] },
    description: 'ENV or LABEL uses the legacy space-separated "key value" form.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'ENV' && instr.keyword !== 'LABEL') {
        continue;
      }
      const kv = keyValues(instr)[0];
      if (!kv || !kv.legacy || kv.value === undefined) {
        continue;
      }
      const last = instr.words[instr.words.length - 1];
      const fix: Fix | undefined =
        last && !kv.value.includes('\\')
          ? { title: 'Rewrite as key=value', edits: [replace(instr.args.range(kv.keyWord.start, last.end), `${kv.keyWord.raw}=${quoted(kv.value)}`)] }
          : undefined;
      out.push(finding(kv.keyWord.range, `${instr.keyword} ${kv.key} <value> is the legacy form, ambiguous when the value has spaces; write ${instr.keyword} ${kv.key}=<value>.`, fix));
    }
    return out;
  },
};
