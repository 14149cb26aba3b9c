import { findCommandSubstitutions } from '../../dockerfile/command-substitution';
import type { Substitution } from '../../dockerfile/command-substitution';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/** The part of an instruction the builder reads as a value, and what the message calls it. */
interface Span {
  start: number;
  end: number;
  subject: string;
  /** ENV/ARG key, for the "evaluated later" exemption. */
  name?: string;
  /** The value is one builder word: `end` is the end of the arguments, and the scan stops at its whitespace. */
  oneWord?: boolean;
  /** End of the value's own word (the builder's tokenizer), for the prose check. */
  wordEnd?: number;
}

const keyValueKeywords = new Set(['ENV', 'ARG', 'LABEL']);
/** The rest of the line is one value (spaces included). */
const wholeLineKeywords: Record<string, string> = { WORKDIR: 'the path', USER: 'the user', STOPSIGNAL: 'the signal' };
/** Whitespace-separated values. */
const wordKeywords: Record<string, string> = { EXPOSE: 'the port', VOLUME: 'the path', COPY: 'the path', ADD: 'the path' };
/**
 * Variables a shell itself evaluates (bash's prompt strings and PROMPT_COMMAND, zsh's prompts with PROMPT_SUBST): a
 * `$(…)` there is meant literally.
 */
const shellEvaluated = new Set(['PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'PROMPT', 'PROMPT2', 'PROMPT3', 'PROMPT4', 'RPROMPT', 'RPROMPT2', 'RPS1', 'RPS2', 'SPROMPT']);
const runKeywords = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
/**
 * A redirection or `tee` into a file a shell runs at start (bash, zsh, sh profiles; `/etc/profile.d/*.sh`): what a
 * command writes there is parsed again by every shell that reads it.
 */
const startupFileWrite = /(?:>>?|\btee(?:\s+-a|\s+--append)?)\s*["']?[^\s;&|"']*(?:\/\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|zlogin|kshrc|mkshrc)|\/etc\/(?:bash\.bashrc|bashrc|profile|zsh\/z\w+|zshrc|zprofile|profile\.d\/[^\s;&|"']+))["']?(?=[\s;&|]|$)/;
/** Where one shell command ends and the next starts (lines, `;`, `&&`, `||`), roughly: enough to find what a write writes. */
const commandSeparator = /\n|;|&&|\|\|/;

const advice: Record<string, string> = {
  ENV: 'compute the value in the RUN that needs it (or write it to a file there), pass it with --build-arg, or hard-code the value',
  ARG: 'pass the value with --build-arg, or compute it in the RUN that uses it',
  LABEL: 'pass the value with --build-arg into an ARG and use $ARG in the LABEL',
};
const pathAdvice = 'hard-code it, or pass it with --build-arg into an ARG and use $ARG';

function keyValueSpans(instr: Instruction): Span[] {
  const spans: Span[] = [];
  for (const kv of keyValues(instr)) {
    const subject = instr.keyword === 'LABEL' ? `label ${kv.key}` : instr.keyword === 'ARG' ? `the default of ${kv.key}` : kv.key;
    if (kv.legacy) {
      const rest = instr.words.slice(1);
      const last = rest[rest.length - 1];
      if (rest[0] && last) {
        spans.push({ start: rest[0].start, end: last.end, subject, name: kv.key });
      }
    } else if (kv.value !== undefined) {
      spans.push({ start: kv.keyWord.end + 1, end: instr.args.text.length, subject, name: kv.key, oneWord: true, wordEnd: kv.word.end });
    }
  }
  return spans;
}

function spansOf(instr: Instruction): Span[] {
  if (keyValueKeywords.has(instr.keyword)) {
    return keyValueSpans(instr);
  }
  const whole = wholeLineKeywords[instr.keyword];
  if (whole !== undefined) {
    const end = instr.argsStart + instr.args.text.slice(instr.argsStart).trimEnd().length;
    return end > instr.argsStart ? [{ start: instr.argsStart, end, subject: whole }] : [];
  }
  const subject = wordKeywords[instr.keyword];
  if (subject === undefined || instr.json) {
    return [];
  }
  const end = instr.args.text.length;
  return instr.words.filter((w) => !w.raw.startsWith('<<')).map((w) => ({ start: w.start, end, subject, oneWord: true }));
}

/**
 * A value with spaces outside the substitution is prose or a usage line (`docker run -v $(pwd):/data …`): a LABEL's
 * substitutions are then left alone, an ENV's or ARG's backticks too.
 */
function isProse(text: string, span: Span, subs: Substitution[]): boolean {
  let rest = '';
  let k = span.start;
  for (const s of subs) {
    rest += text.slice(k, s.start);
    k = s.end;
  }
  rest += text.slice(k, Math.max(k, span.wordEnd ?? span.end));
  return /\s/.test(rest);
}

/**
 * Names whose value is run as a script later, so a `$(…)` in it is deliberate: `eval "$NAME"` (any form); in a
 * shell (shell-form instructions, heredocs) `sh -c "… $NAME …"`, where the outer shell pastes the value into the
 * script the inner one parses; and a value a RUN writes into a shell's startup file (`echo "export PS1=\"$NAME\"" >>
 * ~/.bashrc`), which each interactive shell runs. An exec-form `["sh", "-c", "$NAME"]` does not count: that shell
 * expands the variable but never parses its value again, so the substitution reaches the program as written.
 */
function evaluatedNames(instructions: readonly Instruction[]): Set<string> {
  const names = new Set<string>();
  const ref = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
  const add = (text: string): void => {
    for (const r of text.matchAll(ref)) {
      names.add(r[1] as string);
    }
  };
  for (const i of instructions) {
    if (!runKeywords.has(i.keyword)) {
      continue;
    }
    const shells = i.json ? i.heredocs.map((h) => h.body.text) : [i.args.text, ...i.heredocs.map((h) => h.body.text)];
    for (const text of [i.args.text, ...i.heredocs.map((h) => h.body.text)]) {
      for (const m of text.matchAll(/\beval\b[^\n;&|]*/g)) {
        add(m[0]);
      }
    }
    for (const text of shells) {
      for (const m of text.matchAll(/(?:^|\s)-c\s+"((?:[^"\\]|\\.)*)"/g)) {
        add(m[1] as string);
      }
    }
    if (!i.json && startupFileWrite.test(i.args.text)) {
      i.args.text.split(commandSeparator).filter((command) => startupFileWrite.test(command)).forEach(add);
      i.heredocs.forEach((h) => add(h.body.text));
    }
  }
  return names;
}

/** `$(HOME)`: a variable name in command-substitution syntax (make's), where `${HOME}` was meant. */
function variableMeant(sub: string): string | undefined {
  return /^\$\(([A-Z_][A-Z0-9_]*)\)$/.exec(sub)?.[1];
}

function shorten(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 56)}…${text.slice(-1)}`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD029',
    name: 'command-substitution-not-run',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'A $(…) or backtick command substitution in ENV, ARG, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL or a COPY/ADD path, where no shell runs it: the text stays literal.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const escape = model.parsed.escape;
    const instructions = model.parsed.instructions.map(effective);
    let evaluated: Set<string> | undefined;
    for (const instr of instructions) {
      const text = instr.args.text;
      if (!text.includes('$(') && !text.includes('`')) {
        continue;
      }
      // A substitution with spaces spans several words; it is judged once, from the word where it starts.
      let coveredUpTo = 0;
      for (const span of spansOf(instr)) {
        if (span.name !== undefined && shellEvaluated.has(span.name)) {
          continue;
        }
        if (span.start < coveredUpTo) {
          continue;
        }
        const scan = findCommandSubstitutions(text, span.start, span.end, escape, span.oneWord);
        if (scan.unclosed) {
          // The rest of the instruction sits inside that substitution: nothing after it is a new one.
          coveredUpTo = text.length;
        }
        coveredUpTo = Math.max(coveredUpTo, scan.found[scan.found.length - 1]?.end ?? 0);
        const prose = scan.found.length > 0 && isProse(text, span, scan.found);
        if (prose && instr.keyword === 'LABEL') {
          continue;
        }
        // Backticks in an ENV or ARG sentence are Markdown's code quotes (`Run \`make\` first`), not a command.
        const subs = prose && span.name !== undefined ? scan.found.filter((f) => text.charCodeAt(f.start) !== 96) : scan.found;
        if (subs.length === 0) {
          continue;
        }
        if (span.name !== undefined && instr.keyword !== 'LABEL' && (evaluated ??= evaluatedNames(instructions)).has(span.name)) {
          continue;
        }
        for (const s of subs) {
          const sub = shorten(text.slice(s.start, s.end));
          const variable = variableMeant(sub);
          const todo = variable !== undefined ? `for the variable, write \${${variable}}` : (advice[instr.keyword] ?? pathAdvice);
          out.push(
            finding(
              instr.args.range(s.start, s.end),
              `${sub} is not run: ${instr.keyword} gets no shell, so ${span.subject} would hold these characters as written; ${todo}.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
