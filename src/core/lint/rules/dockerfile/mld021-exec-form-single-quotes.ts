import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';

const keywords = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME']);

/** `['a', 'b']` with plain single-quoted strings (no embedded quotes) → the JSON form. */
function asJson(text: string): string | undefined {
  const m = /^\[\s*'[^'"\\]*'(?:\s*,\s*'[^'"\\]*')*\s*\]$/.exec(text.trim());
  return m ? text.trim().replace(/'/g, '"') : undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD021',
    name: 'exec-form-single-quotes',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { dockerfileUtils: ['JSON_IN_SINGLE_QUOTES'] },
    description: 'A JSON array written with single quotes silently falls back to shell form.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions.map(effective)) {
      if (!keywords.has(instr.keyword) || instr.json) {
        continue;
      }
      const text = instr.args.text.slice(instr.argsStart);
      const json = asJson(text);
      if (!json) {
        continue;
      }
      const trimmedEnd = instr.argsStart + text.trimEnd().length;
      const range = instr.args.range(instr.argsStart, trimmedEnd);
      out.push(
        finding(range, `${instr.keyword} ${text.trim()} uses single quotes, which JSON does not allow, so it runs in shell form; use double quotes: ${json}.`, {
          title: 'Use double quotes',
          edits: [replace(range, json)],
        }),
      );
    }
    return out;
  },
};
