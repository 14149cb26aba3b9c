import type { Comment, Instruction } from '../../dockerfile/model';
import type { ArgumentKeyword, SyntaxProblem, SyntaxReport } from '../../dockerfile/shell-syntax';
import { shellSyntaxProblem } from '../../dockerfile/shell-syntax';
import type { Fix, Position } from '../../types';

const quoteNames: Record<string, string> = {
  "'": 'The single quote',
  '"': 'The double quote',
  '`': 'The backtick',
  '$(': 'The command substitution `$(`',
  '${': 'The expansion `${`',
};
/** What each closing word or operator would close. */
const closes: Record<string, string> = {
  then: '`if`',
  elif: '`if`',
  else: '`if`',
  fi: '`if`',
  do: '`for`, `while` or `until`',
  done: '`for`, `while` or `until` loop',
  esac: '`case`',
  '}': '`{`',
  ')': '`(`',
  ';;': '`case` branch',
  ';&': '`case` branch',
  ';;&': '`case` branch',
};
const failure = 'the shell rejects the whole RUN before running any of it, so the build fails';

/** A syntax problem of a RUN's script, in words, with a fix where one `;` is certainly what was meant. */
export interface Explained {
  message: string;
  fix?: Fix;
}

/** Source positions of the RUN's script, which starts at `offset` in its arguments. */
class ScriptPlace {
  constructor(
    private readonly run: Instruction,
    readonly script: string,
  ) {}

  line(offset: number): number {
    return this.run.args.posAt(this.run.argsStart + offset).line;
  }

  /** Just after the character before `offset` (the end of a word, on its own line). */
  after(offset: number): Position {
    return this.run.args.range(this.run.argsStart + offset - 1, this.run.argsStart + offset).end;
  }

  /** The word at `offset` is the first one on its source line: a continuation brought it there. */
  startsLine(offset: number, lines: readonly string[]): boolean {
    const p = this.run.args.posAt(this.run.argsStart + offset);
    return (lines[p.line - 1] ?? '').slice(0, p.column - 1).trim() === '';
  }
}

function code(text: string): string {
  return text === '`' ? '`` ` ``' : `\`${text}\``;
}

/** The closing word `expected`, read as an argument of a command between `from` and `to`. */
function swallowed(report: SyntaxReport, expected: string | undefined, from: number, to: number): ArgumentKeyword | undefined {
  return report.argumentKeywords.find((k) => k.text === expected && k.start > from && k.start < to && k.before >= 0);
}

function swallowedCause(place: ScriptPlace, lines: readonly string[], word: ArgumentKeyword): Explained {
  const fix: Fix = { title: `End the command before ${code(word.text)} with ;`, edits: [{ range: { start: place.after(word.before), end: place.after(word.before) }, newText: ';' }] };
  const patched = `${place.script.slice(0, word.before)};${place.script.slice(word.before)}`;
  const safe = shellSyntaxProblem(patched) === undefined;
  const wordLine = place.line(word.start);
  const beforeLine = place.line(word.before - 1);
  const message =
    wordLine > beforeLine && place.startsLine(word.start, lines)
      ? `the \`\\\` at the end of line ${beforeLine} joins ${code(word.text)} (line ${wordLine}) to the command before it as an argument: end that command with \`;\` before the \`\\\``
      : `${code(word.text)} on line ${wordLine} is read as an argument of the command before it: put \`;\` before it`;
  return safe ? { message, fix } : { message };
}

function unclosed(place: ScriptPlace, lines: readonly string[], report: SyntaxReport): Explained {
  const p = report.problem;
  const at = place.line(p.start);
  const expected = p.expected as string;
  const quote = quoteNames[p.token];
  if (quote !== undefined) {
    const escape = p.token.length === 1 ? `, or escape it as \`\\${p.token}\` if it is meant literally` : '';
    return { message: `${quote} opened on line ${at} is never closed: ${failure}. Close it with ${code(expected)}${escape}.` };
  }
  const head = `${code(p.token)} on line ${at} is never closed by ${code(expected)}: ${failure}`;
  const word = swallowed(report, expected, p.start, place.script.length);
  if (word) {
    const cause = swallowedCause(place, lines, word);
    return { message: `${head}. Likely cause: ${cause.message}.`, ...(cause.fix ? { fix: cause.fix } : {}) };
  }
  const comment = report.comments.find((c) => c.start > p.start && new RegExp(`(?:^|[\\s;&|])${escapeRegExp(expected)}(?:$|[\\s;&|])`).test(place.script.slice(c.start, c.end)));
  if (comment) {
    return {
      message: `${head}. Likely cause: the \`#\` comment on line ${place.line(comment.start)} runs to the end of the RUN (Docker joins the continued lines into one), so ${code(expected)} after it is commented out; move the comment out of the RUN.`,
    };
  }
  return { message: `${head}. Add ${code(expected)} where the ${code(p.token)} should end.` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unexpected(place: ScriptPlace, lines: readonly string[], comments: readonly Comment[], report: SyntaxReport): Explained {
  const p = report.problem;
  const at = place.line(p.start);
  const token = code(p.token);
  const open = p.open;
  if (open && p.empty) {
    const openLine = place.line(open.start);
    const dropped = comments.some((c) => c.inContinuation && c.line >= openLine && c.line <= at);
    const why = dropped ? ' Docker drops comment lines inside a RUN, so commenting out the commands there left it empty.' : '';
    return { message: `${token} on line ${at} ends a part of the ${code(open.text)} (line ${openLine}) that holds no command: ${failure}. Put a command there (\`:\` does nothing).${why}` };
  }
  if (open && p.expected !== undefined) {
    const head = `${token} on line ${at} comes where the ${code(open.text)} opened on line ${place.line(open.start)} needs ${code(p.expected)}: ${failure}`;
    const word = swallowed(report, p.expected, open.start, p.start);
    if (word) {
      const cause = swallowedCause(place, lines, word);
      return { message: `${head}. Likely cause: ${cause.message}.`, ...(cause.fix ? { fix: cause.fix } : {}) };
    }
    return { message: `${head}.` };
  }
  const closed = closes[p.token];
  if (closed !== undefined) {
    return { message: `${token} on line ${at} has no ${closed} to close: ${failure}. Remove it or add the opening part.` };
  }
  if (/^[;&|]/.test(p.token)) {
    return { message: `${token} on line ${at} has no command before it: ${failure}. Remove it or add the command.` };
  }
  return { message: `${token} on line ${at} follows a compound command (\`fi\`, \`done\`, \`esac\`, \`}\`, \`)\`) with no \`;\` or \`&&\` before it: ${failure}. Separate the commands.` };
}

function dangling(place: ScriptPlace, p: SyntaxProblem): Explained {
  const at = place.line(p.start);
  const token = code(p.token);
  if (p.next === undefined) {
    return { message: `The RUN ends right after ${token} on line ${at}, with no command after it: ${failure}. Remove the ${token} or add the command.` };
  }
  return { message: `${token} on line ${at} is followed by ${code(p.next.text)}, not by a command: ${failure}. Remove the ${token} or add the command it was meant to run.` };
}

/** The message (and the fix, when one is certain) for a problem found in the script of `run`. */
export function explain(run: Instruction, script: string, lines: readonly string[], comments: readonly Comment[], report: SyntaxReport): Explained {
  const place = new ScriptPlace(run, script);
  switch (report.problem.kind) {
    case 'unclosed':
      return unclosed(place, lines, report);
    case 'unexpected':
      return unexpected(place, lines, comments, report);
    default:
      return dangling(place, report.problem);
  }
}
