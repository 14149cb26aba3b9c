import type { Instruction, ParsedDockerfile } from '../../dockerfile/model';
import type { MergeConflict } from '../../merge-conflicts';
import { mergeConflictMessage, mergeConflictsInLines } from '../../merge-conflicts';
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

const noConflicts: readonly MergeConflict[] = [];
const startsIn = (c: MergeConflict, instr: Instruction): boolean => instr.startLine >= c.startLine && instr.startLine <= c.endLine;

/**
 * Unresolved merge conflicts whose lines make unknown instructions (BuildKit stops at the first: "unknown instruction:
 * <<<<<<<"); markers inside a heredoc are the text it writes. Each is reported once, in place of those instructions.
 */
function mergeConflicts(parsed: ParsedDockerfile): readonly MergeConflict[] {
  const unknown = parsed.instructions.filter((i) => !keywordSet.has(i.keyword));
  if (unknown.length === 0) {
    return noConflicts;
  }
  return mergeConflictsInLines(parsed.lines).filter((c) => unknown.some((i) => startsIn(c, i)));
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
    description: 'The instruction keyword is not in the Dockerfile reference, or an unresolved git merge conflict left its marker lines in the file.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const { parsed } = model;
    const conflicts = mergeConflicts(parsed);
    for (const c of conflicts) {
      out.push(finding(c.marker, mergeConflictMessage(c)));
    }
    // PowerShell lines continued with ` in a file without `# escape=`` (dknapp17/audio_ml): the RUN ends at the first
    // backtick and each following line becomes an unknown instruction; say why, once per broken RUN.
    let brokenRun = false;
    for (const instr of parsed.instructions) {
      if (conflicts.length > 0 && conflicts.some((c) => startsIn(c, instr))) {
        continue;
      }
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
