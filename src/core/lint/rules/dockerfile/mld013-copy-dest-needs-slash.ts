import type { Instruction } from '../../dockerfile/model';
import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

function destination(instr: Instruction): { value: string; range: Range; count: number } | undefined {
  if (instr.json) {
    const last = instr.json[instr.json.length - 1];
    return last ? { value: last.value, range: last.range, count: instr.json.length - 1 } : undefined;
  }
  const words = instr.words;
  const last = words[words.length - 1];
  return last ? { value: last.value, range: last.range, count: words.length - 1 - instr.heredocs.length } : undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD013',
    name: 'copy-dest-needs-slash',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3021'], dockerfileUtils: ['INVALID_DESTINATION'] },
    description: 'COPY/ADD with several sources needs a destination that ends in /.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions.map(effective)) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') {
        continue;
      }
      const dest = destination(instr);
      // BuildKit treats a bare "." as the working directory and appends the "/" itself (SeldonIO/MLServer's COPY … .).
      if (!dest || dest.count < 2 || dest.value.endsWith('/') || dest.value === '.' || dest.value.includes('$')) {
        continue;
      }
      const end = instr.json ? { line: dest.range.end.line, column: dest.range.end.column - 1 } : dest.range.end;
      out.push(
        finding(dest.range, `${instr.keyword} has ${dest.count} sources, so the destination "${dest.value}" must be a directory ending in "/"; write "${dest.value}/".`, {
          title: 'Append "/" to the destination',
          edits: [{ range: { start: end, end }, newText: '/' }],
        }),
      );
    }
    return out;
  },
};
