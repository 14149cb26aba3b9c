import type { MappedText } from '../../dockerfile/mapped-text';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import { basename } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/model';
import { effective, runScripts } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { operandsUse, startsCommand } from './continued-commands';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

/**
 * The RUN's heredoc bodies are read only when each has its terminator: the builder rejects the file otherwise
 * ("unterminated heredoc"), and a body that runs to the end of the file holds the instructions after it.
 */
function readsScript(instr: Instruction, script: ShellScript): boolean {
  return script === runScripts(instr)[0] || effective(instr).heredocs.every((doc) => doc.terminated);
}

/** A merged command is quoted up to this length in the message. */
const quotedLength = 40;

function lineOf(text: MappedText, offset: number): number {
  return text.posAt(offset).line;
}

/** `rm -rf …`, `go build -o …`: the command (`named` words of it) with its leading options. */
function commandHead(words: readonly ShellWord[], named: number): string {
  const head = words.slice(0, named).map((w) => w.raw);
  for (const w of words.slice(named)) {
    if (!w.raw.startsWith('-')) {
      break;
    }
    head.push(w.raw);
  }
  return `${head.join(' ')} …`;
}

/** The words from `k` that sit on the same line as it, as written, the last ones cut when they run long. */
function lineFrom(text: MappedText, words: readonly ShellWord[], k: number, line: number): string {
  let quoted = (words[k] as ShellWord).raw;
  for (let i = k + 1; i < words.length && lineOf(text, (words[i] as ShellWord).start) === line; i++) {
    const raw = (words[i] as ShellWord).raw;
    if (quoted.length + raw.length >= quotedLength) {
      return `${quoted} …`;
    }
    quoted += ` ${raw}`;
  }
  return quoted;
}

/**
 * The first word of a later line of `command` that starts another command, by its index. It must follow an operand:
 * `echo \` over `export PATH=… >> ~/.bashrc` prints the line on purpose.
 */
function mergedCommandAt(text: MappedText, words: readonly ShellWord[]): number | undefined {
  let operand = false;
  for (let k = 1; k < words.length; k++) {
    if (operand && startsCommand(words, k) && lineOf(text, (words[k] as ShellWord).start) > lineOf(text, (words[k - 1] as ShellWord).end - 1)) {
      return k;
    }
    operand ||= !(words[k] as ShellWord).raw.startsWith('-');
  }
  return undefined;
}

function check(text: MappedText, command: ShellCommand): RuleFinding | undefined {
  const words = command.words;
  const use = operandsUse(basename((words[0] as ShellWord).value), words);
  const k = use === undefined ? undefined : mergedCommandAt(text, words);
  if (use === undefined || k === undefined) {
    return undefined;
  }
  const merged = words[k] as ShellWord;
  const line = lineOf(text, merged.start);
  // After a line break (in a heredoc body), `;` keeps the meaning the lines had apart.
  const operator = (command.before === ';' || command.before === '\n') && command.keywords === undefined ? ';' : '&&';
  return finding(
    merged.range,
    `\`${lineFrom(text, words, k, line)}\` on line ${line} continues \`${commandHead(words, use.command.split(' ').length)}\` without an operator, so ${use.command} ${use.use} and ${merged.value} never runs; add ${operator} before it.`,
    { title: `Add ${operator} before ${merged.value}`, edits: [{ range: { start: merged.range.start, end: merged.range.start }, newText: `${operator} ` }] },
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD031',
    name: 'run-continuation-merges-commands',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description:
      'A RUN line continued with a backslash but no &&, ; or | before the next line, whose command (apt-get install, pip install, python setup.py, make …) then becomes extra operands of a command such as rm, mkdir, echo, make, ninja, cmake (configuring) or go build and never runs: on the RUN\'s own lines, in a heredoc body a shell runs, or in a script quoted for sh -c / bash -c.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.parsed.escape !== '\\') {
      return out;
    }
    for (const { instr, command, script } of posixRunCommands(model)) {
      // Heredoc bodies and `sh -c` scripts too: a script quoted on the RUN's lines was joined by the builder already,
      // and one whose text is not mapped exactly to the source reads as one line, so it reports nothing.
      if (command.words.length < 3 || !readsScript(instr, script)) {
        continue;
      }
      const found = check(script.text, command);
      if (found) {
        out.push(found);
      }
    }
    return out;
  },
};
