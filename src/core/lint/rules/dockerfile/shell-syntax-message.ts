import type { MappedText } from '../../dockerfile/mapped-text';
import type { Comment } from '../../dockerfile/model';
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
const runFailure = 'the shell rejects the whole RUN before running any of it, so the build fails';

/** A syntax problem of a RUN's script, in words, with a fix where one `;` is certainly what was meant. */
export interface Explained {
  message: string;
  fix?: Fix;
}

/** Where a script sits in the Dockerfile, and what its syntax error does. */
export interface ScriptSource {
  script: string;
  /** The Dockerfile text the script was cut from. */
  source: MappedText;
  /** Offset in `source.text` of the script's character at `offset`. */
  at: (offset: number) => number;
  /** What happens because of the error (default: the shell rejects the whole RUN, so the build fails). */
  failure?: string;
  /** What the script is called in the message (default: `the RUN`). */
  name?: string;
  /** The script keeps its own lines (a heredoc body): Docker did not join them. */
  ownLines?: boolean;
}

/** Source positions of a script's offsets. */
class ScriptPlace {
  readonly script: string;
  readonly failure: string;
  readonly name: string;
  readonly ownLines: boolean;

  constructor(private readonly where: ScriptSource) {
    this.script = where.script;
    this.failure = where.failure ?? runFailure;
    this.name = where.name ?? 'the RUN';
    this.ownLines = where.ownLines ?? false;
  }

  line(offset: number): number {
    return this.where.source.posAt(this.where.at(offset)).line;
  }

  /** Just after the character before `offset` (the end of a word, on its own line). */
  after(offset: number): Position {
    const previous = this.where.at(offset - 1);
    return this.where.source.range(previous, previous + 1).end;
  }

  /** The word at `offset` is the first one on its source line: a continuation brought it there. */
  startsLine(offset: number, lines: readonly string[]): boolean {
    const p = this.where.source.posAt(this.where.at(offset));
    return (lines[p.line - 1] ?? '').slice(0, p.column - 1).trim() === '';
  }
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
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
    return { message: `${quote} opened on line ${at} is never closed: ${place.failure}. Close it with ${code(expected)}${escape}.` };
  }
  const head = `${code(p.token)} on line ${at} is never closed by ${code(expected)}: ${place.failure}`;
  const word = swallowed(report, expected, p.start, place.script.length);
  if (word) {
    const cause = swallowedCause(place, lines, word);
    return { message: `${head}. Likely cause: ${cause.message}.`, ...(cause.fix ? { fix: cause.fix } : {}) };
  }
  const comment = report.comments.find((c) => c.start > p.start && new RegExp(`(?:^|[\\s;&|])${escapeRegExp(expected)}(?:$|[\\s;&|])`).test(place.script.slice(c.start, c.end)));
  if (comment && place.ownLines) {
    return { message: `${head}. Likely cause: the \`#\` comment on line ${place.line(comment.start)} comments out the ${code(expected)} after it on that line; put the ${code(expected)} on its own line.` };
  }
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
    return { message: `${token} on line ${at} ends a part of the ${code(open.text)} (line ${openLine}) that holds no command: ${place.failure}. Put a command there (\`:\` does nothing).${why}` };
  }
  if (open && p.expected !== undefined) {
    const head = `${token} on line ${at} comes where the ${code(open.text)} opened on line ${place.line(open.start)} needs ${code(p.expected)}: ${place.failure}`;
    const word = swallowed(report, p.expected, open.start, p.start);
    if (word) {
      const cause = swallowedCause(place, lines, word);
      return { message: `${head}. Likely cause: ${cause.message}.`, ...(cause.fix ? { fix: cause.fix } : {}) };
    }
    return { message: `${head}.` };
  }
  const closed = closes[p.token];
  if (closed !== undefined) {
    return { message: `${token} on line ${at} has no ${closed} to close: ${place.failure}. Remove it or add the opening part.` };
  }
  if (/^[;&|]/.test(p.token)) {
    return { message: `${token} on line ${at} has no command before it: ${place.failure}. Remove it or add the command.` };
  }
  return { message: `${token} on line ${at} follows a compound command (\`fi\`, \`done\`, \`esac\`, \`}\`, \`)\`) with no \`;\` or \`&&\` before it: ${place.failure}. Separate the commands.` };
}

function dangling(place: ScriptPlace, p: SyntaxProblem): Explained {
  const at = place.line(p.start);
  const token = code(p.token);
  if (p.next === undefined) {
    return { message: `${capitalized(place.name)} ends right after ${token} on line ${at}, with no command after it: ${place.failure}. Remove the ${token} or add the command.` };
  }
  return { message: `${token} on line ${at} is followed by ${code(p.next.text)}, not by a command: ${place.failure}. Remove the ${token} or add the command it was meant to run.` };
}

/** The message (and the fix, when one is certain) for a problem found in a script. */
export function explain(where: ScriptSource, lines: readonly string[], comments: readonly Comment[], report: SyntaxReport): Explained {
  const place = new ScriptPlace(where);
  switch (report.problem.kind) {
    case 'unclosed':
      return unclosed(place, lines, report);
    case 'unexpected':
      return unexpected(place, lines, comments, report);
    default:
      return dangling(place, report.problem);
  }
}
