import type { CaseBranch, ShellCommand, ShellScript, ShellWord } from './shell';

/**
 * What a build for linux/amd64 sees in the variables and commands scripts test to pick per-platform steps.
 * `platformValue` answers for the build-platform variables a RUN can read (empty where the stage declares no ARG).
 */
export type PlatformValue = (name: 'TARGETARCH' | 'TARGETPLATFORM') => string;

const platformVariableRe = /^\$\{?(TARGETARCH|TARGETPLATFORM)\}?$/;
const unameRe = /^(?:\$\(uname -m\)|`uname -m`)$/;
const dpkgArchRe = /^(?:\$\(dpkg --print-architecture\)|`dpkg --print-architecture`)$/;

/** The value a tested word has in a build for linux/amd64, or undefined when it names nothing platform-bound. */
function amd64Value(word: string, platformValue: PlatformValue): string | undefined {
  const variable = platformVariableRe.exec(word)?.[1] as 'TARGETARCH' | 'TARGETPLATFORM' | undefined;
  if (variable) {
    return platformValue(variable);
  }
  return unameRe.test(word) ? 'x86_64' : dpkgArchRe.test(word) ? 'amd64' : undefined;
}

/**
 * Does a shell pattern as written (`arm64`, `"linux/arm64"`, `aarch64|arm64` parts, `arm*`) match `value`?
 * Undefined when it holds an expansion, whose text is unknown here.
 */
function patternMatches(raw: string, value: string): boolean | undefined {
  if (raw.includes('$') || raw.includes('`')) {
    return undefined;
  }
  let re = '';
  for (let k = 0; k < raw.length; k++) {
    const c = raw[k] as string;
    if (c === "'" || c === '"') {
      const end = raw.indexOf(c, k + 1);
      const literal = end < 0 ? raw.slice(k + 1) : raw.slice(k + 1, end);
      re += escapeRe(literal);
      k = end < 0 ? raw.length : end;
    } else if (c === '\\') {
      re += escapeRe(raw[k + 1] ?? '');
      k++;
    } else if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (c === '[') {
      const end = raw.indexOf(']', k + 2);
      if (end < 0) {
        return undefined;
      }
      re += `[${raw.slice(k + 1, end).replace(/^!/, '^')}]`;
      k = end;
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(`^${re}$`).test(value);
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The result of a test command (`[ "$TARGETARCH" = arm64 ]`, `[[ $TARGETPLATFORM == linux/arm* ]]`,
 * `test "$(uname -m)" != x86_64`, each perhaps after `!`) in a build for linux/amd64; undefined when unknown.
 */
function testOnAmd64(command: ShellCommand, platformValue: PlatformValue): boolean | undefined {
  const words = command.words;
  const head = words[0]?.value;
  const closing = head === '[' ? ']' : head === '[[' ? ']]' : undefined;
  const operands = head === 'test' && words.length === 4 ? words.slice(1) : closing && words.length === 5 && words[4]?.value === closing ? words.slice(1, 4) : undefined;
  const [left, op, right] = operands ?? [];
  if (!left || !right || (op?.value !== '=' && op?.value !== '==' && op?.value !== '!=')) {
    return undefined;
  }
  const equal = compareOnAmd64(left, right, head === '[[', platformValue) ?? compareOnAmd64(right, left, false, platformValue);
  if (equal === undefined) {
    return undefined;
  }
  const result = op.value === '!=' ? !equal : equal;
  return command.keywords?.includes('!') ? !result : result;
}

/** `subject = other` where the subject is platform-bound and the other side literal (a pattern inside `[[ ]]`). */
function compareOnAmd64(subject: ShellWord, other: ShellWord, pattern: boolean, platformValue: PlatformValue): boolean | undefined {
  const value = amd64Value(subject.value, platformValue);
  if (value === undefined || other.raw.includes('$') || other.raw.includes('`')) {
    return undefined;
  }
  return pattern ? patternMatches(other.raw, value) : other.value === value;
}

/** A condition list's result: one test, or tests joined by `&&` (all must hold). */
function conditionOnAmd64(condition: readonly ShellCommand[], platformValue: PlatformValue): boolean | undefined {
  if (condition.length === 0 || condition.slice(1).some((c) => c.before !== '&&')) {
    return undefined;
  }
  const results = condition.map((c) => testOnAmd64(c, platformValue));
  return results.includes(false) ? false : results.every((r) => r === true) ? true : undefined;
}

/** A `case` branch a build for linux/amd64 never takes: its patterns miss the tested value, or an earlier branch's match it. */
function caseBranchSkipped(branch: CaseBranch, platformValue: PlatformValue): boolean {
  const value = branch.subject ? amd64Value(branch.subject.value, platformValue) : undefined;
  if (value === undefined || branch.earlier === undefined) {
    return false;
  }
  return branch.earlier.some((p) => patternMatches(p, value) === true) || branch.patterns.every((p) => patternMatches(p, value) === false);
}

interface Frame {
  kind: 'if' | 'loop';
  part: 'cond' | 'body' | 'else';
  /** The condition of the branch being read (`if` or `elif`). */
  cond: ShellCommand[];
  /** Conditions of the branches before it, which must all have failed. */
  failed: ShellCommand[][];
}

/** Applies a command's leading keywords to the stack of open `if` and loop clauses; false when they do not fit it. */
function applyKeywords(stack: Frame[], keywords: readonly string[]): boolean {
  for (const keyword of keywords) {
    const top = stack.at(-1);
    if (keyword === 'if' || keyword === 'while' || keyword === 'until') {
      stack.push({ kind: keyword === 'if' ? 'if' : 'loop', part: 'cond', cond: [], failed: [] });
    } else if (keyword === 'do') {
      if (top?.kind === 'loop' && top.part === 'cond') {
        top.part = 'body';
      } else {
        // `for NAME in …; do`: `for` is read as a command word, so its clause opens here.
        stack.push({ kind: 'loop', part: 'body', cond: [], failed: [] });
      }
    } else if (keyword === 'then' || keyword === 'elif' || keyword === 'else' || keyword === 'fi' || keyword === 'done') {
      if (top?.kind !== (keyword === 'done' ? 'loop' : 'if')) {
        return false;
      }
      if (keyword === 'fi' || keyword === 'done') {
        stack.pop();
      } else if (keyword === 'then') {
        top.part = 'body';
      } else {
        top.failed.push(top.cond);
        top.cond = [];
        top.part = keyword === 'elif' ? 'cond' : 'else';
      }
    }
  }
  return true;
}

/** The `if` clauses open at `command`, or undefined where the script's clauses cannot be followed. */
function openIfs(script: ShellScript, command: ShellCommand): Frame[] | undefined {
  return openClauses(script, command)?.filter((f) => f.kind === 'if');
}

/** The `if` and loop clauses open at `command`, outermost first, or undefined where the script's clauses cannot be followed. */
function openClauses(script: ShellScript, command: ShellCommand): Frame[] | undefined {
  const stack: Frame[] = [];
  for (const c of script.commands) {
    if (c.keywords && !applyKeywords(stack, c.keywords)) {
      return undefined;
    }
    if (c === command) {
      return stack;
    }
    const top = stack.at(-1);
    if (top?.part === 'cond') {
      top.cond.push(c);
    }
  }
  return undefined;
}

/** `TEST && … && command` (every test must hold) or `TEST || … || command` (every test must fail), from the list's start. */
function listGuardSkips(script: ShellScript, command: ShellCommand, platformValue: PlatformValue): boolean {
  const op = command.before;
  if (op !== '&&' && op !== '||') {
    return false;
  }
  const at = script.commands.indexOf(command);
  let k = at - 1;
  while (k > 0 && script.commands[k]?.before === op) {
    k--;
  }
  const first = script.commands[k];
  const compound = script.commands.slice(k + 1, at + 1).some((c) => c.keywords?.some((w) => w !== '!'));
  if (!first || compound || first.before === '&&' || first.before === '||' || first.before === '|' || first.before === '|&') {
    return false;
  }
  const runsWhen = op === '&&';
  return script.commands.slice(k, at).some((c) => testOnAmd64(c, platformValue) === !runsWhen);
}

/**
 * Does a build for linux/amd64 skip `command`? True when an `if`/`elif`/`else`, a `case` or a `TEST &&` list around
 * it tests the target platform (TARGETARCH, TARGETPLATFORM, `uname -m`, `dpkg --print-architecture`) and rules amd64 out.
 */
export function skippedOnAmd64(script: ShellScript, command: ShellCommand, platformValue: PlatformValue): boolean {
  if (command.caseBranches?.some((b) => caseBranchSkipped(b, platformValue))) {
    return true;
  }
  if (listGuardSkips(script, command, platformValue)) {
    return true;
  }
  return (openIfs(script, command) ?? []).some(
    (f) => (f.part === 'body' && conditionOnAmd64(f.cond, platformValue) === false) || f.failed.some((cond) => conditionOnAmd64(cond, platformValue) === true),
  );
}

const testedVariableRe = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

/**
 * The variables the `if`/`elif` conditions and `case` subjects around `command` test (`if [ "$USE_CUDA" = 1 ]`,
 * `case "$BACKEND" in`): a build may take or skip the branch, depending on their values.
 */
export function branchVariables(script: ShellScript, command: ShellCommand): string[] {
  // Loops rather than flat and flatMap, which V8 runs far slower: this is asked of installs.
  const words: ShellWord[] = [];
  for (const f of openIfs(script, command) ?? []) {
    for (const cond of [f.cond, ...f.failed]) {
      for (const c of cond) {
        for (const w of c.words) {
          words.push(w);
        }
      }
    }
  }
  for (const b of command.caseBranches ?? []) {
    if (b.subject) {
      words.push(b.subject);
    }
  }
  const names: string[] = [];
  for (const w of words) {
    const name = testedVariableRe.exec(w.value)?.[1];
    if (name !== undefined) {
      names.push(name);
    }
  }
  return names;
}

/**
 * May a build skip `command`, whatever the platform? True inside an `if`, `elif` or `else` branch, a loop, a `case`
 * branch, or after `||` (`id -u 1000 || useradd …`), and where the script's clauses cannot be followed. An `if`'s first
 * condition always runs.
 */
export function runsConditionally(script: ShellScript, command: ShellCommand): boolean {
  if (command.caseBranches !== undefined && command.caseBranches.length > 0) {
    return true;
  }
  const clauses = openClauses(script, command);
  return clauses === undefined || clauses.some((f) => f.kind === 'loop' || f.part !== 'cond' || f.failed.length > 0) || afterOr(script, command);
}

/** A `||` joins an earlier command of the same and-or list to `command`. */
function afterOr(script: ShellScript, command: ShellCommand): boolean {
  for (let k = script.commands.indexOf(command); k >= 0; k--) {
    const before = script.commands[k]?.before;
    if (before === '||') {
      return true;
    }
    if (before !== '&&') {
      return false;
    }
  }
  return false;
}
