import type { KeyValue } from '../../dockerfile/kv';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding, TextEdit } from '../../types';
import { finalEnvSettings } from './final-env-settings';
import { finding } from './helpers';

/**
 * Python's flag variables and what they turn on. CPython reads the first group as a number (`_Py_get_env_flag`): 0 is
 * off, and any text that is not a number counts as 1. The second group is on for any non-empty value, 0 included.
 */
const numericFlags = new Map([
  ['PYTHONUNBUFFERED', '-u (unbuffered stdout and stderr)'],
  ['PYTHONDONTWRITEBYTECODE', '-B (no .pyc files are written)'],
  ['PYTHONNOUSERSITE', '-s (no user site-packages on sys.path)'],
  ['PYTHONOPTIMIZE', '-O (assert statements are stripped)'],
  ['PYTHONVERBOSE', '-v (every import is traced to stderr)'],
  ['PYTHONDEBUG', '-d (parser debug output)'],
  ['PYTHONINSPECT', '-i (an interactive prompt after the program ends)'],
]);
const presenceFlags = new Map([
  ['PYTHONFAULTHANDLER', 'the fault handler (tracebacks dumped on crashes)'],
  ['PYTHONSAFEPATH', "-P (the script's folder is left off sys.path)"],
  ['PYTHONDEVMODE', '-X dev (development mode)'],
  ['PYTHONWARNDEFAULTENCODING', '-X warn_default_encoding (an EncodingWarning for every open() without an encoding)'],
]);

/** Words that mean "off" to a reader but are no number to Python. */
const offWord = /^(?:false|no|off|disabled?)$/i;

/** What the value turns on although it reads as off; undefined when it means what it says. */
function turnsOn(name: string, value: string): string | undefined {
  if (offWord.test(value)) {
    return numericFlags.get(name) ?? presenceFlags.get(name);
  }
  return value === '0' ? presenceFlags.get(name) : undefined;
}

/** Removes the pair: the whole instruction when it sets nothing else, else the pair and the blank that separates it. */
function removal(instr: Instruction, kv: KeyValue, lines: readonly string[]): TextEdit {
  const pairs = keyValues(instr);
  const at = pairs.indexOf(kv);
  if (pairs.length === 1 || at < 0) {
    const end = instr.endLine < lines.length ? { line: instr.endLine + 1, column: 1 } : { line: instr.endLine, column: (lines[instr.endLine - 1] ?? '').length + 1 };
    return { range: { start: { line: instr.startLine, column: 1 }, end }, newText: '' };
  }
  const previous = pairs[at - 1];
  const next = pairs[at + 1] as KeyValue;
  return { range: previous ? instr.args.range(previous.word.end, kv.word.end) : instr.args.range(kv.word.start, next.word.start), newText: '' };
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD419',
    name: 'python-env-flag-off-value',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'The final image sets a Python flag variable (PYTHONUNBUFFERED, PYTHONDONTWRITEBYTECODE, …) to a value such as false or off, which Python reads as on.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { instr, kv } of finalEnvSettings(model, (name) => numericFlags.has(name) || presenceFlags.has(name))) {
      const value = kv.value?.trim() ?? '';
      const effect = value.includes('$') ? undefined : turnsOn(kv.key, value);
      if (!effect) {
        continue;
      }
      const why = numericFlags.has(kv.key) ? 'Python reads any value that is not a number as 1 (only an empty value or 0 is off)' : 'Python turns it on for any non-empty value, 0 included';
      const fix: Fix = { title: `Remove ${kv.key}`, edits: [removal(instr, kv, model.parsed.lines)] };
      const end = kv.legacy ? (instr.words[instr.words.length - 1]?.end ?? kv.word.end) : kv.word.end;
      out.push(finding(instr.args.range(kv.word.start, end), `ENV ${kv.key}=${value} does not turn it off: ${why}, so this turns on ${effect}; remove the variable to keep Python's default.`, fix));
    }
    return out;
  },
};
