import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const anchorCodes: Record<string, string> = { CMD: 'DL4003', ENTRYPOINT: 'DL4004', HEALTHCHECK: 'DL3012' };

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD016',
    name: 'duplicate-cmd-entrypoint-healthcheck',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL4003', 'DL4004', 'DL3012'], buildkit: ['MultipleInstructionsDisallowed'], dockerfileUtils: ['MULTIPLE_INSTRUCTIONS'] },
    description: 'A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK; all but the last are ignored.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      for (const keyword of ['CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
        const all: Instruction[] = stage.instructions.filter((i) => i.keyword === keyword);
        const last = all[all.length - 1];
        for (const instr of all.slice(0, -1)) {
          const lines = model.parsed.lines;
          out.push(
            finding(
              instr.keywordRange,
              `Only the last ${keyword} of a stage takes effect (line ${last?.startLine ?? 0}), so this one is ignored; remove it.`,
              {
                title: `Remove the ignored ${keyword}`,
                edits: [{ range: { start: { line: instr.startLine, column: 1 }, end: instr.endLine < lines.length ? { line: instr.endLine + 1, column: 1 } : { line: instr.endLine, column: (lines[instr.endLine - 1] ?? '').length + 1 } }, newText: '' }],
              },
              anchorCodes[keyword],
            ),
          );
        }
      }
    }
    return out;
  },
};
