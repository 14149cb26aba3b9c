import type { Instruction, ParsedDockerfile } from '../../dockerfile/model';
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

/** The line before `instr` ends with a backtick that the escape character `\` does not make a continuation. */
function afterBacktick(parsed: ParsedDockerfile, instr: Instruction): boolean {
  return parsed.escape !== '`' && (parsed.lines[instr.startLine - 2] ?? '').trimEnd().endsWith('`');
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
    const { parsed } = model;
    // PowerShell lines continued with ` in a file without `# escape=`` (dknapp17/audio_ml): the RUN ends at the first
    // backtick and each following line becomes an unknown instruction; say why, once per broken RUN.
    let brokenRun = false;
    for (const instr of parsed.instructions) {
      const orphan = !keywordSet.has(instr.keyword) && afterBacktick(parsed, instr);
      if (orphan && !brokenRun) {
        out.push(
          finding(
            instr.keywordRange,
            `"${instr.keywordRaw}" starts a new instruction: line ${instr.startLine - 1} ends with a backtick, which continues a line only after a "# escape=\`" directive; add # escape=\` as the first line of the file.`,
          ),
        );
      } else if (!orphan) {
        check(instr, out, model.includesDockerfiles === true);
      }
      brokenRun = orphan;
    }
    return out;
  },
};
