import { scriptIndexAt, takesScript } from './exec-form';
import { MappedText } from './mapped-text';
import { withMemo } from './memo';
import type { Instruction, JsonArg } from './model';
import type { ShellCommand, ShellScript, ShellWord, Wrapping } from './shell';
import { effectiveCommand, splitShell } from './shell';

/** One command of a RUN with the script it belongs to. */
export interface ScriptCommand {
  command: ShellCommand;
  script: ShellScript;
}

/** `bash -c "bash -c '…'"` nests; deeper scripts are left unread (hostile input could nest without end). */
const maxDepth = 3;
/** What an edit inside a script may not insert, by how the script is quoted: the quote, and what the outer shell expands in it. */
const forbiddenIn = { json: '"\\\n\t', '"': '"\\$`\n', "'": "'\n" };

/**
 * The commands of the scripts, in the order they run: each command is followed by those of the script it hands a
 * shell (`bash -lc "…"`, `su app -c "…"`, `["sh", "-c", "…"]`).
 */
export function commandsInOrder(scripts: readonly ShellScript[]): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  for (const script of scripts) {
    appendCommands(script, out, 0);
  }
  return out;
}

function appendCommands(script: ShellScript, out: ScriptCommand[], depth: number): void {
  for (const command of script.commands) {
    out.push({ command, script });
    const inner = depth < maxDepth ? innerScript(command, script) : undefined;
    if (inner) {
      appendCommands(inner, out, depth + 1);
    }
  }
}

/** An exec-form RUN's array read as one command (`["pip", "install", "torch"]`); undefined for a shell-form RUN. */
export function execFormScript(run: Instruction): ShellScript | undefined {
  const json = run.json;
  if (json === undefined || json.length === 0) {
    return undefined;
  }
  const text = run.args;
  const words = json.map((arg) => jsonWord(arg, text.text));
  const wrapping: Wrapping = { command: undefined, range: text.range(run.argsStart, text.text.length), forbidden: undefined };
  // withMemo: effectiveCommand keeps its answer on the command, as on the ones splitShell makes.
  return { text, commands: [withMemo({ assignments: [], words })], wrapping };
}

function jsonWord(arg: JsonArg, text: string): ShellWord {
  return { value: arg.value, raw: text.slice(arg.start, arg.end), start: arg.start, end: arg.end, range: arg.range };
}

/** The script `command` hands a shell, split, with where it sits; undefined when it hands none (or an empty one). */
function innerScript(command: ShellCommand, outer: ShellScript): ShellScript | undefined {
  const eff = effectiveCommand(command);
  if (!eff || !takesScript(eff.name)) {
    return undefined;
  }
  const words = [eff.nameWord, ...eff.args];
  const at = scriptIndexAt(
    words.map((w) => w.value),
    0,
  );
  const word = at === undefined || at < 0 ? undefined : words[at];
  if (!word || word.value.trim() === '') {
    return undefined;
  }
  const skip = word.value.startsWith('--command=') ? '--command='.length : 0;
  const fromArray = outer.wrapping !== undefined && outer.wrapping.command === undefined;
  const { text, quote } = scriptText(word, skip, outer.text, fromArray);
  const wrapping: Wrapping = { command, range: quote === undefined ? word.range : text.range(0, text.text.length), forbidden: undefined };
  if (quote !== undefined && quote !== 'none') {
    const enclosing = fromArray || outer.wrapping === undefined ? '' : outer.wrapping.forbidden;
    wrapping.forbidden = enclosing === undefined ? undefined : forbiddenIn[quote] + enclosing;
  }
  return { ...splitShell(text), wrapping };
}

/**
 * The script of `word` (less its first `skip` characters) as text mapped to the source: exactly when the word is
 * unquoted or one quoted string without escapes (quote says which), else only roughly, from the word's start.
 */
function scriptText(word: ShellWord, skip: number, outer: MappedText, fromArray: boolean): { text: MappedText; quote?: keyof typeof forbiddenIn | 'none' } {
  const { raw, value } = word;
  if (raw === value) {
    return { text: outer.slice(word.start + skip, word.end), quote: 'none' };
  }
  const q = raw[0];
  if ((q === '"' || q === "'") && raw.length === value.length + 2 && raw.endsWith(q) && raw.slice(1, -1) === value) {
    return { text: outer.slice(word.start + 1 + skip, word.end - 1), quote: fromArray ? 'json' : q };
  }
  const start = word.range.start;
  return { text: MappedText.build([{ text: value.slice(skip), line: start.line, column: start.column + 1 }]) };
}
