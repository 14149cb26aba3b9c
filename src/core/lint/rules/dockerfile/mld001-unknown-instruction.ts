import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { instructionKeywords, keywordSet, nearest } from './keywords';

function check(instr: Instruction, out: RuleFinding[], includes: boolean): void {
  // dockerfile-x's INCLUDE brings in another Dockerfile's instructions.
  if (keywordSet.has(instr.keyword) || (includes && instr.keyword === 'INCLUDE')) {
    if (instr.trigger) {
      check(instr.trigger, out, includes);
    }
    return;
  }
  const shown = instr.keywordRaw.length > 40 ? `${instr.keywordRaw.slice(0, 40)}…` : instr.keywordRaw;
  const suggestion = nearest(instr.keyword, instructionKeywords);
  const cased = suggestion && instr.keywordRaw === instr.keywordRaw.toLowerCase() ? suggestion.toLowerCase() : suggestion;
  out.push(
    finding(
      instr.keywordRange,
      suggestion ? `Unknown instruction "${shown}"; did you mean ${suggestion}?` : `Unknown instruction "${shown}"; use a Dockerfile instruction such as RUN, COPY or ENV.`,
      cased ? { title: `Replace with ${cased}`, edits: [replace(instr.keywordRange, cased)] } : undefined,
    ),
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD001',
    name: 'unknown-instruction',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { dockerfileUtils: ['UNKNOWN_INSTRUCTION'] },
    description: 'The instruction keyword is not in the Dockerfile reference.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      check(instr, out, model.includesDockerfiles === true);
    }
    return out;
  },
};
