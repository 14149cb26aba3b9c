import type { Range } from '../types';
import type { MappedText } from './mapped-text';
import { memoOn, memoSlot } from './memo';

/** One shell word: `value` has quotes removed; offsets are in the script text. */
export interface ShellWord {
  value: string;
  raw: string;
  start: number;
  end: number;
  range: Range;
}

/** A shell word whose source range is mapped only when a rule asks for it (most words never need one). */
class LazyShellWord implements ShellWord {
  #range: Range | undefined;
  constructor(
    private readonly text: MappedText,
    readonly value: string,
    readonly raw: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get range(): Range {
    return (this.#range ??= this.text.range(this.start, this.end));
  }
}

/** The same word with another value (an option's value after its `=`, say): spreading a word would lose its range. */
export function wordWithValue(word: ShellWord, value: string): ShellWord {
  return { value, raw: word.raw, start: word.start, end: word.end, range: word.range };
}

export type ShellOperator = '&&' | '||' | ';' | '|' | '|&' | '&' | '\n' | '(' | ')';

export interface ShellCommand {
  /** Leading `NAME=value` words. */
  assignments: ShellWord[];
  /** The command and its arguments, redirections removed, control keywords (`if`, `then`, …) dropped. */
  words: ShellWord[];
  /** The operator before this command (undefined for the first). */
  before?: ShellOperator;
  /** The operator after this command (undefined for the last). */
  after?: ShellOperator;
  /** Control keywords dropped before the first word (`if`, `!`, `then`, …), in order; absent when none. */
  keywords?: string[];
  /** The `case` branches the command runs in, outermost first; absent outside any. */
  caseBranches?: CaseBranch[];
}

/** A branch of `case WORD in …`: the word tested, this branch's patterns and the patterns of the branches before it, as written. */
export interface CaseBranch {
  subject: ShellWord | undefined;
  patterns: string[];
  /** Undefined after a `;&` or `;;&`, whose fall-through lets this branch run when an earlier one matched. */
  earlier: string[] | undefined;
}

/** An open `case … in` clause while its pattern lists (`a|b)`) or a branch body are read. */
interface CaseFrame extends CaseBranch {
  state: 'pattern' | 'body';
}

export interface ShellScript {
  text: MappedText;
  commands: ShellCommand[];
  /** Set on a script that a command of a RUN hands to a shell (`bash -c "…"`), and on an exec-form RUN's array. */
  wrapping?: Wrapping;
}

/** Where a script run by another command sits in the source, and what an edit inside it may safely insert. */
export interface Wrapping {
  /** The command that hands the script to a shell; undefined for an exec-form RUN's array. */
  command: ShellCommand | undefined;
  /** The script's text in the source (inside its quotes), or the whole word when its text is not mapped exactly. */
  range: Range;
  /** Characters an edit inside the script must not insert (its quotes, what an enclosing shell expands); undefined: no edit is safe. */
  forbidden: string | undefined;
}

/** Operators a newline may follow without ending the list: the next command still follows that operator. */
const continuedByNewline = new Set<ShellOperator>(['&&', '||', '|', '|&', '(']);
const leadingKeywords = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'fi', 'done', 'esac']);
const assignmentRe = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

/**
 * A command as splitShell makes it: every field set when created (rules then read objects of one shape), and
 * its effective command kept in a field of its own, read without the generic memo's lookup (many rules ask
 * for it, about a thousand times per lint of the bench file).
 */
class ParsedShellCommand implements ShellCommand {
  assignments: ShellWord[] = [];
  words: ShellWord[] = [];
  after: ShellOperator | undefined = undefined;
  keywords: string[] | undefined = undefined;
  caseBranches: CaseBranch[] | undefined = undefined;
  #effective: EffectiveCommand | null | undefined = undefined;

  constructor(public before: ShellOperator | undefined) {}

  static effectiveOf(cmd: ParsedShellCommand): EffectiveCommand | undefined {
    if (cmd.#effective === undefined) {
      cmd.#effective = computeEffectiveCommand(cmd) ?? null;
    }
    return cmd.#effective ?? undefined;
  }
}

function newCommand(before: ShellOperator | undefined): ShellCommand {
  return new ParsedShellCommand(before);
}

/**
 * Splits a POSIX shell script into simple commands on `&&`, `||`, `;`, `|`, `&`, newlines and
 * parentheses, honouring quotes, `$(…)`, backticks, comments, redirections and here-documents.
 * Good enough for the shell-aware rules; it never throws and runs in linear time.
 */
export function splitShell(text: MappedText): ShellScript {
  const t = text.text;
  const commands: ShellCommand[] = [];
  let current = newCommand(undefined);
  let pendingHeredocs: { name: string; strip: boolean }[] = [];
  let skipNextWordAsRedirectTarget = false;
  // Open `case … in` clauses, innermost last: reading a pattern list (`a|b)`) or a branch body.
  const cases: CaseFrame[] = [];
  // One holder for every word scanned (scanWord fills it in), rather than an object per word.
  const word: ScannedWord = { end: 0, value: '' };
  let k = 0;

  const endCommand = (op: ShellOperator | undefined): void => {
    if (current.words.length > 0 || current.assignments.length > 0) {
      current.after = op;
      if (cases.length > 0) {
        current.caseBranches = cases.map(({ subject, patterns, earlier }) => ({ subject, patterns, earlier }));
      }
      commands.push(current);
      current = newCommand(op);
    } else if (op !== undefined && !(op === '\n' && current.before !== undefined && continuedByNewline.has(current.before))) {
      current.before = op;
    }
  };

  const pushWord = (start: number, end: number, value: string): void => {
    if (skipNextWordAsRedirectTarget) {
      skipNextWordAsRedirectTarget = false;
      return;
    }
    // A value only ever drops characters of the raw text (quotes, escapes), so one of the same length is the raw text.
    const raw = value.length === end - start ? value : t.slice(start, end);
    const word = new LazyShellWord(text, value, raw, start, end);
    if (current.words.length === 0 && raw.includes('=') && assignmentRe.test(raw)) {
      current.assignments.push(word);
      return;
    }
    if (current.words.length === 0 && leadingKeywords.has(raw)) {
      if (raw === 'esac' && cases.length > 0) {
        cases.pop();
      }
      (current.keywords ??= []).push(raw);
      return;
    }
    if (raw === 'in' && current.words.length === 2 && current.words[0]?.raw === 'case') {
      // `case WORD in`: what follows are patterns, not commands.
      cases.push({ state: 'pattern', subject: current.words[1], patterns: [], earlier: [] });
      current.words = [];
      return;
    }
    current.words.push(word);
  };

  while (k < t.length) {
    const code = t.charCodeAt(k);
    if (code === 32 || code === 9 || code === 13) {
      k++;
      continue;
    }
    const c = t[k] as string;
    if (c === '\\' && t[k + 1] === '\n') {
      k += 2;
      continue;
    }
    if (c === '\n') {
      k++;
      if (pendingHeredocs.length > 0) {
        k = skipHeredocBodies(t, k, pendingHeredocs);
        pendingHeredocs = [];
      }
      endCommand('\n');
      continue;
    }
    if (c === '#') {
      while (k < t.length && t[k] !== '\n') {
        k++;
      }
      continue;
    }
    const next = t[k + 1];
    // at(-1), not [length - 1]: reading index -1 of an empty array is a slow named-property lookup, and this runs per word.
    const open = cases.at(-1);
    if (open?.state === 'pattern') {
      // A case pattern list `(a|b|c)`: its `|` separates alternatives, it is no pipe.
      if (c === ')') {
        open.state = 'body';
        k++;
      } else if (c === '|' || c === '(' || c === ';' || c === '&' || c === '<' || c === '>') {
        k++;
      } else {
        scanWord(t, k, word);
        const pattern = t.slice(k, word.end);
        if (pattern === 'esac') {
          cases.pop();
        } else if (pattern !== '') {
          open.patterns.push(pattern);
        }
        k = Math.max(word.end, k + 1);
      }
      continue;
    }
    if ((c === '&' && next === '&') || (c === '|' && (next === '|' || next === '&'))) {
      endCommand(`${c}${next}` as ShellOperator);
      k += 2;
      continue;
    }
    if (c === ';' && (next === ';' || (next === '&' && cases.length > 0))) {
      // `;;` (and bash's `;&`, `;;&`) ends a case branch; the next pattern list follows.
      endCommand(';');
      const fallThrough = next === '&' || t[k + 2] === '&';
      k += next === ';' && t[k + 2] === '&' ? 3 : 2;
      if (open) {
        open.state = 'pattern';
        open.earlier = fallThrough || open.earlier === undefined ? undefined : [...open.earlier, ...open.patterns];
        open.patterns = [];
      }
      continue;
    }
    if (c === '(') {
      const array = arrayAssignmentAt(current, k);
      if (array) {
        const end = skipBalanced(t, k);
        array.list[array.index] = new LazyShellWord(text, array.word.value + t.slice(k, end), t.slice(array.word.start, end), array.word.start, end);
        k = end;
        continue;
      }
    }
    if (c === ';' || c === '|' || c === '(' || c === ')') {
      endCommand(c);
      k++;
      continue;
    }
    if (c === '&' && t[k + 1] !== '>') {
      endCommand('&');
      k++;
      continue;
    }
    // Redirections: [n]> >> < <& >& &> >| <<< << <<-
    const redirect = mayStartRedirect(c) ? /^(?:[0-9]*)(?:<<<|<<-|<<|>>|>&|<&|&>>|&>|>\||<>|>|<)/.exec(t.slice(k, k + 8)) : null;
    if (redirect && (/^[<>&]/.test(c) || /^[0-9]+[<>]/.test(t.slice(k, k + 12)))) {
      const op = redirect[0];
      k += op.length;
      if (op.endsWith('<<') || op.endsWith('<<-')) {
        while (t[k] === ' ' || t[k] === '\t') {
          k++;
        }
        scanWord(t, k, word);
        if (word.value !== '') {
          pendingHeredocs.push({ name: word.value, strip: op.endsWith('-') });
        }
        k = word.end;
        continue;
      }
      if (/&$/.test(op) && /^[0-9-]/.test(t[k] ?? '')) {
        // >&2, <&0, >&-
        while (k < t.length && /[0-9-]/.test(t[k] as string)) {
          k++;
        }
        continue;
      }
      // `<(cmd)` / `>(cmd)`: a process substitution, whose command is read as one (not skipped as a file name).
      skipNextWordAsRedirectTarget = !((op === '<' || op === '>') && t[k] === '(');
      continue;
    }
    scanWord(t, k, word);
    if (word.end === k) {
      k++;
      continue;
    }
    pushWord(k, word.end, word.value);
    k = word.end;
  }
  endCommand(undefined);
  return { text, commands };
}

const arrayNameRe = /^[A-Za-z_][A-Za-z0-9_]*\+?=$/;

/** `NAME=(` or `declare -a NAME+=(` with the `(` at `k`: the word to extend with the array's words. */
function arrayAssignmentAt(current: ShellCommand, k: number): { list: ShellWord[]; index: number; word: ShellWord } | undefined {
  const list = current.words.length > 0 ? current.words : current.assignments;
  const index = list.length - 1;
  const word = list[index];
  return word && word.end === k && arrayNameRe.test(word.raw) ? { list, index, word } : undefined;
}

function skipHeredocBodies(t: string, from: number, docs: { name: string; strip: boolean }[]): number {
  let k = from;
  for (const doc of docs) {
    while (k < t.length) {
      const nl = t.indexOf('\n', k);
      const lineEnd = nl < 0 ? t.length : nl;
      let line = t.slice(k, lineEnd);
      if (doc.strip) {
        line = line.replace(/^\t+/, '');
      }
      k = nl < 0 ? t.length : nl + 1;
      if (line === doc.name) {
        break;
      }
    }
  }
  return k;
}

function mayStartRedirect(c: string): boolean {
  return c === '<' || c === '>' || c === '&' || (c >= '0' && c <= '9');
}

const wordBreaks = [' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>'];
/** ASCII codes that end a word. */
const wordBreak = new Uint8Array(128);
/** ASCII codes that end a run of literal word characters (a word break or the start of quoting/expansion). */
const notLiteral = new Uint8Array(128);
for (const c of wordBreaks) {
  wordBreak[c.charCodeAt(0)] = 1;
}
for (const c of [...wordBreaks, '\\', "'", '"', '$', '`']) {
  notLiteral[c.charCodeAt(0)] = 1;
}

/** A word scanWord read: its end and its unquoted value. */
interface ScannedWord {
  end: number;
  value: string;
}

/** Scans one word from `start` into `out`: its end and its unquoted value. */
function scanWord(t: string, start: number, out: ScannedWord): void {
  let k = start;
  let value = '';
  while (k < t.length) {
    // Literal characters are copied as one slice (most words are entirely literal).
    const literalStart = k;
    // charCodeAt only inside the text: one read past its end made V8 deoptimize and fall back to a slow character read.
    while (k < t.length) {
      const code = t.charCodeAt(k);
      if (code < 128 && notLiteral[code] === 1) {
        break;
      }
      k++;
    }
    if (k > literalStart) {
      value = value === '' ? t.slice(literalStart, k) : value + t.slice(literalStart, k);
      if (k >= t.length) {
        break;
      }
    }
    if (isExtglobOpen(t, start, k)) {
      // bash's `!(a|b)`, `@(…)`, `+(…)`, `*(…)`, `?(…)`: one pattern, whose `|` is no pipe.
      const end = skipBalanced(t, k);
      value += t.slice(k, end);
      k = end;
      continue;
    }
    if (wordBreak[t.charCodeAt(k)] === 1) {
      break;
    }
    const c = t[k] as string;
    if (c === '\\') {
      if (t[k + 1] === '\n') {
        k += 2;
        continue;
      }
      value += t[k + 1] ?? '';
      k += 2;
      continue;
    }
    if (c === "'") {
      const close = t.indexOf("'", k + 1);
      const end = close < 0 ? t.length : close;
      value += t.slice(k + 1, end);
      k = end + 1;
      continue;
    }
    if (c === '"') {
      k++;
      while (k < t.length && t[k] !== '"') {
        if (t[k] === '\\' && k + 1 < t.length) {
          const n = t[k + 1] as string;
          value += '$`"\\\n'.includes(n) ? (n === '\n' ? '' : n) : `\\${n}`;
          k += 2;
        } else if (t[k] === '$' && t[k + 1] === '(') {
          const end = skipBalanced(t, k + 1);
          value += t.slice(k, end);
          k = end;
        } else {
          const literalStart = k;
          k++;
          while (k < t.length && t[k] !== '"' && t[k] !== '\\' && t[k] !== '$') {
            k++;
          }
          value += t.slice(literalStart, k);
        }
      }
      k++;
      continue;
    }
    if (c === '$' && (t[k + 1] === '(' || t[k + 1] === '{')) {
      const end = skipBalanced(t, k + 1);
      value += t.slice(k, end);
      k = end;
      continue;
    }
    if (c === '`') {
      const close = t.indexOf('`', k + 1);
      const end = close < 0 ? t.length : close + 1;
      value += t.slice(k, end);
      k = end;
      continue;
    }
    value += c;
    k++;
  }
  out.end = Math.min(k, t.length);
  out.value = value;
}

/** The `(` at `k` opens an extended glob: it follows `!`, `@`, `+`, `*` or `?` inside the word that began at `start`. */
function isExtglobOpen(t: string, start: number, k: number): boolean {
  return k > start && t.charCodeAt(k) === 40 && '!@+*?'.includes(t[k - 1] as string);
}

/** From an opening `(` or `{`, returns the index after its matching close (quotes skipped). */
function skipBalanced(t: string, open: number): number {
  const openCh = t[open];
  const closeCh = openCh === '(' ? ')' : '}';
  let depth = 0;
  let k = open;
  while (k < t.length) {
    const c = t[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === "'") {
      const close = t.indexOf("'", k + 1);
      k = close < 0 ? t.length : close + 1;
      continue;
    }
    if (c === '"') {
      k++;
      while (k < t.length && t[k] !== '"') {
        k += t[k] === '\\' ? 2 : 1;
      }
      k++;
      continue;
    }
    if (c === openCh) {
      depth++;
    } else if (c === closeCh) {
      depth--;
      if (depth === 0) {
        return k + 1;
      }
    }
    k++;
  }
  return t.length;
}

/** Wrapper options that take the next word as their value (`sudo -u USER`, `tini -p SIGTERM`). */
const wrapperOptionsWithArg = new Map([
  ['sudo', new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T'])],
  ['env', new Set(['-u', '-C', '-S'])],
  ['nice', new Set(['-n'])],
  ['timeout', new Set(['-s', '-k'])],
  ['tini', new Set(['-p', '-e'])],
  ['dumb-init', new Set(['-r', '--rewrite'])],
]);
/** Programs that run the command after them: privilege and environment changers, and the init processes of containers. */
const wrappers = new Set(['sudo', 'env', 'nohup', 'time', 'exec', 'command', 'nice', 'timeout', 'stdbuf', 'tini', 'dumb-init', 'gosu', 'su-exec']);
/** Wrappers whose first argument is the user to run as, not the program (`gosu app python serve.py`). */
const userFirstWrappers = new Set(['gosu', 'su-exec']);
const condaRunOptions = new Set(['-n', '--name', '-p', '--prefix', '--cwd', '-a', '--attach']);
/** uv run's options that take a value (`uv run --with ray --python 3.11 python train.py`). */
const uvRunOptions = new Set([
  '--extra', '--no-extra', '--group', '--no-group', '--only-group', '--with', '--with-editable', '--with-requirements', '--package', '--env-file',
  '-p', '--python', '--index', '--default-index', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--index-strategy', '--keyring-provider',
  '--resolution', '--prerelease', '--fork-strategy', '--exclude-newer', '--exclude-newer-package', '--link-mode', '-C', '--config-setting',
  '--config-settings-package', '--no-build-isolation-package', '--no-binary-package', '--no-build-package', '-P', '--upgrade-package',
  '--reinstall-package', '--refresh-package', '--cache-dir', '--python-preference', '--python-platform', '--directory', '--project', '--config-file',
  '--color', '--allow-insecure-host',
]);
/**
 * Tools whose `run` runs the command after it in the environment they manage (`conda run -n env pip …`, `poetry run
 * pip …`, `uv run python -m pip …`), each with the options of its `run` that take a value.
 */
const envRunners = new Map<string, ReadonlySet<string>>([
  ['conda', condaRunOptions],
  ['mamba', condaRunOptions],
  ['micromamba', condaRunOptions],
  ['poetry', new Set(['-C', '--directory', '-P', '--project'])],
  ['pipenv', new Set()],
  ['pdm', new Set(['-p', '--project', '--venv'])],
  ['hatch', new Set()],
  ['pixi', new Set(['-e', '--environment', '-m', '--manifest-path', '-w', '--workspace', '--skip', '--concurrent-solves', '--concurrent-downloads', '--pypi-keyring-provider', '--auth-file', '--tls-root-certs', '--color'])],
  ['uv', uvRunOptions],
]);
/** Root options with a value that may come before a runner's `run` (`hatch -e test run pip …`, `hatch --env test run …`). */
const runnerRootOptions = new Map<string, ReadonlySet<string>>([['hatch', new Set(['-e', '--env', '-p', '--project', '--data-dir', '--cache-dir', '--config'])]]);

/** Where the `run` of the environment runner at `k` is, past the root options before it; -1 when it is no `run`. */
function runWordAt(name: string, k: number, count: number, valueAt: (k: number) => string): number {
  if (!envRunners.has(name)) {
    return -1;
  }
  const root = runnerRootOptions.get(name);
  let at = k + 1;
  while (root && at < count && valueAt(at).startsWith('-')) {
    at += root.has(valueAt(at)) ? 2 : 1;
  }
  return at < count && valueAt(at) === 'run' ? at : -1;
}

export function basename(word: string): string {
  // indexOf first: lastIndexOf is several times slower, and most words have no slash.
  if (word.indexOf('/') < 0) {
    return word;
  }
  return word.slice(word.lastIndexOf('/') + 1);
}

export interface EffectiveCommand {
  name: string;
  nameWord: ShellWord;
  args: ShellWord[];
  wrappers: ShellWord[];
}

/** Many rules ask for the same commands; the answer depends only on the (immutable) command. */
const effectiveSlot = memoSlot();

/** The command actually run, with wrappers such as `sudo`, `env X=1` and `nohup` removed (shared result: do not mutate). */
export function effectiveCommand(cmd: ShellCommand): EffectiveCommand | undefined {
  return cmd instanceof ParsedShellCommand ? ParsedShellCommand.effectiveOf(cmd) : (memoOn(cmd, effectiveSlot, effectiveOrNull) ?? undefined);
}

function effectiveOrNull(cmd: ShellCommand): EffectiveCommand | null {
  return computeEffectiveCommand(cmd) ?? null;
}

function computeEffectiveCommand(cmd: ShellCommand): EffectiveCommand | undefined {
  const words = cmd.words;
  const first = words[0];
  if (first === undefined) {
    return undefined;
  }
  // Most commands start with their program.
  const firstName = basename(first.value);
  if (!wrappers.has(firstName) && runWordAt(firstName, 0, words.length, (i) => (words[i] as ShellWord).value) < 0) {
    return { name: firstName, nameWord: first, args: words.slice(1), wrappers: [] };
  }
  const used: ShellWord[] = [];
  const k = programIndex(words.length, (i) => (words[i] as ShellWord).value, (i) => used.push(words[i] as ShellWord));
  const nameWord = words[k];
  return nameWord ? { name: basename(nameWord.value), nameWord, args: words.slice(k + 1), wrappers: used } : undefined;
}

/**
 * Where the program is among a command's `count` words once the wrappers before it are passed (`sudo -u x`, `env
 * X=1`, `nohup`, `tini --`, `gosu USER`, `conda run -n env`, `poetry run`), with `wrapperAt` told each wrapper's own
 * word; `count` when no program follows them. Words are read through `valueAt`: shell words or an exec form's strings.
 */
export function programIndex(count: number, valueAt: (k: number) => string, wrapperAt?: (k: number) => void): number {
  let k = 0;
  while (k < count) {
    const name = basename(valueAt(k));
    // `conda run -n env pip install …` (mamba, micromamba, poetry, pipenv, pdm, hatch, pixi, uv too) runs the command in an environment.
    const run = runWordAt(name, k, count, valueAt);
    const envRun = run >= 0;
    if (!wrappers.has(name) && !envRun) {
      return k;
    }
    wrapperAt?.(k);
    k++;
    if (envRun) {
      wrapperAt?.(run);
      k = run + 1;
    }
    if (userFirstWrappers.has(name)) {
      k++;
      continue;
    }
    const withArg = envRun ? envRunners.get(name) : wrapperOptionsWithArg.get(name);
    while (k < count) {
      const a = valueAt(k);
      if (a === '--') {
        k++;
        break;
      }
      if (name === 'env' && assignmentRe.test(a)) {
        k++;
        continue;
      }
      if (name === 'timeout' && /^[0-9.]+[smhd]?$/.test(a)) {
        k++;
        break;
      }
      if (!a.startsWith('-')) {
        break;
      }
      k += withArg?.has(a) ? 2 : 1;
    }
  }
  return k;
}

/**
 * The value an `export NAME=value` earlier in the script gave NAME in the shell that runs `command`
 * (`export PIP_NO_CACHE_DIR=off; pip install …`); an export in a subshell that has ended, in a pipeline
 * or in the background does not reach it. Undefined when none did (or a later `unset NAME` undid it).
 */
export function exportedBefore(script: ShellScript, command: ShellCommand, name: string): string | undefined {
  const frames: (string | undefined)[] = [undefined];
  for (const c of script.commands) {
    if (c.before === '(') {
      frames.push(frames[frames.length - 1]);
    }
    if (c === command) {
      return frames[frames.length - 1];
    }
    const own = c.after !== '|' && c.after !== '|&' && c.after !== '&' && c.before !== '|' && c.before !== '|&';
    const first = c.words[0];
    if (own && (first?.value === 'export' || first?.value === 'unset')) {
      const prefix = `${name}=`;
      for (let k = 1; k < c.words.length; k++) {
        const w = c.words[k] as ShellWord;
        if (first.value === 'export' && w.value.startsWith(prefix)) {
          frames[frames.length - 1] = w.value.slice(name.length + 1);
        } else if (first.value === 'unset' && w.value === name) {
          frames[frames.length - 1] = undefined;
        }
      }
    }
    if (c.after === ')' && frames.length > 1) {
      frames.pop();
    }
  }
  return undefined;
}
