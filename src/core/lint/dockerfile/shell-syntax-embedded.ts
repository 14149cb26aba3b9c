import { findHeredocMarkers } from './heredoc';
import type { MappedText } from './mapped-text';
import type { Heredoc, Instruction } from './model';
import type { ShellToken } from './shell-syntax-lexer';

/** A shell script a RUN hands to a shell other than through its own command line. */
export interface EmbeddedScript {
  /** The text the shell parses. */
  script: string;
  /** The Dockerfile text the script was cut from. */
  source: MappedText;
  /** Offset in `source.text` of the script's character at `offset` (or just after the last one). */
  at: (offset: number) => number;
  /** Who parses it, as the message names it: `the shell`, `bash`, `` `bash -c` ``. */
  parser: string;
  /** The script is a heredoc body, whose lines are real lines (not joined by Docker). */
  heredoc: boolean;
  /** The parser's exit status is the RUN's (otherwise only that of one command in the RUN's script). */
  endsRun: boolean;
}

/** sh, bash, dash or ash, by name or path. */
const shellProgram = /^(?:\/(?:usr\/)?(?:local\/)?bin\/)?(?:ba|da|a)?sh$/;
const envProgram = /^(?:\/usr\/bin\/)?env$/;
/** Long options of bash that take no argument. */
const plainLongOptions = new Set(['--login', '--noprofile', '--norc', '--posix', '--noediting', '--restricted', '--verbose']);
/** A command line with none of these around its heredoc markers is words and `&&` only. */
const notPlainWords = /['"`$\\|;&()<>]/;

interface ShellCall {
  name: string;
  /** `-c`: the first operand is the script. */
  commandString: boolean;
  /** `-s`: the script is read from stdin even with operands. */
  stdin: boolean;
  /** Index of the first operand in the words (words.length when none). */
  operands: number;
}

/** Reads `words` as a call of sh, bash or dash (also through `env`); undefined for any other command. */
function shellCall(words: readonly string[]): ShellCall | undefined {
  let k = 0;
  if (envProgram.test(words[0] ?? '')) {
    k = 1;
  }
  const program = words[k] ?? '';
  if (!shellProgram.test(program)) {
    return undefined;
  }
  const call: ShellCall = { name: program.slice(program.lastIndexOf('/') + 1), commandString: false, stdin: false, operands: words.length };
  for (k++; k < words.length; k++) {
    const w = words[k] as string;
    if (w === '--' || w === '-') {
      call.stdin ||= w === '-';
      call.operands = k + 1;
      return call;
    }
    if (/^[-+][A-Za-z]+$/.test(w)) {
      call.commandString ||= w[0] === '-' && w.includes('c');
      call.stdin ||= w[0] === '-' && w.includes('s');
      if (/[oO]/.test(w)) {
        k++; // `-o pipefail`, `-O extglob`
      }
    } else if (!plainLongOptions.has(w)) {
      break;
    }
  }
  if (k > words.length) {
    return undefined;
  }
  call.operands = k;
  return call;
}

/** The literal text of a token in `text`: a plain word, or one wholly in quotes that no expansion can change. */
function literalWord(text: string, start: number, end: number): { value: string; at: (offset: number) => number } | undefined {
  const open = text[start];
  if (open === "'" && end - start >= 2 && text[end - 1] === "'" && text.indexOf("'", start + 1) === end - 1) {
    return { value: text.slice(start + 1, end - 1), at: (o) => start + 1 + o };
  }
  if (open !== '"' || end - start < 2 || text[end - 1] !== '"') {
    return /^[A-Za-z0-9_./+=:,@%-]*$/.test(text.slice(start, end)) ? { value: text.slice(start, end), at: (o) => start + o } : undefined;
  }
  let value = '';
  const offsets: number[] = [];
  for (let k = start + 1; k < end - 1; k++) {
    const c = text[k] as string;
    if (c === '$' || c === '`' || c === '"') {
      return undefined; // an expansion, or a quote that ends the string early
    }
    if (c === '\\' && '$`"\\'.includes(text[k + 1] ?? '') && k + 1 < end - 1) {
      k++;
    }
    offsets.push(k);
    value += text[k];
  }
  return { value, at: (o) => offsets[o] ?? end - 1 };
}

/** The scripts given by `-c` to sh, bash or dash in the simple commands of a shell-form RUN (words from its parse). */
export function commandStrings(run: Instruction, commands: readonly (readonly ShellToken[])[]): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  const text = run.args.text;
  const base = run.argsStart;
  for (const tokens of commands) {
    const first = tokens.findIndex((t) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(t.text));
    const literals: { value: string; at: (offset: number) => number; quoted: boolean }[] = [];
    for (let k = Math.max(first, 0); first >= 0 && k < tokens.length; k++) {
      const t = tokens[k] as ShellToken;
      const literal = literalWord(text, base + t.start, base + t.end);
      if (literal === undefined) {
        break;
      }
      literals.push({ ...literal, quoted: /^['"]/.test(t.text) });
    }
    const call = shellCall(literals.map((l) => l.value));
    const script = call?.commandString ? literals[call.operands] : undefined;
    if (call && script?.quoted) {
      out.push({ script: script.value, source: run.args, at: script.at, parser: `\`${call.name} -c\``, heredoc: false, endsRun: false });
    }
  }
  return out;
}

/** The position in the raw JSON string `raw` (from its opening quote) of each character of its value. */
function jsonOffsets(raw: string, from: number, to: number): number[] | undefined {
  const offsets: number[] = [];
  for (let k = from + 1; k < to - 1; k++) {
    if (raw[k] === '\\') {
      if (raw[k + 1] === 'u') {
        return undefined;
      }
      k++;
    }
    offsets.push(k);
  }
  return offsets;
}

/** The script of an exec-form `RUN ["bash", "-c", "…"]`. */
export function execFormScript(run: Instruction): EmbeddedScript | undefined {
  const json = run.json ?? [];
  const call = shellCall(json.map((a) => a.value));
  const arg = call?.commandString ? json[call.operands] : undefined;
  if (!call || !arg) {
    return undefined;
  }
  const offsets = jsonOffsets(run.args.text, arg.start, arg.end);
  if (!offsets || offsets.length !== arg.value.length) {
    return undefined;
  }
  return { script: arg.value, source: run.args, at: (o) => offsets[o] ?? arg.end - 1, parser: `\`${call.name} -c\``, heredoc: false, endsRun: true };
}

function heredocScript(doc: Heredoc, parser: string): EmbeddedScript {
  return { script: doc.body.text, source: doc.body, at: (o) => o, parser, heredoc: true, endsRun: true };
}

/** The program a `#!` line names (through `env`), or undefined when the first line is no shebang. */
function shebangProgram(firstLine: string): string | undefined {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine);
  if (!m) {
    return undefined;
  }
  const program = m[1] as string;
  return envProgram.test(program.replace(/^\/bin\//, '/usr/bin/')) ? (m[2] ?? '') : program;
}

/**
 * The heredoc bodies of a RUN that sh, bash or dash parses as a script. BuildKit runs a RUN that is one heredoc and
 * nothing else as `SHELL + [body]`, or as an executable file when the body starts with `#!`; any other RUN with
 * heredocs goes to the shell whole, which feeds each body to its command's stdin.
 */
export function heredocScripts(run: Instruction, lines: readonly string[], escape: string): EmbeddedScript[] {
  const text = run.args.text;
  const markers = findHeredocMarkers(text, run.argsStart, escape);
  if (markers.length !== run.heredocs.length) {
    return [];
  }
  const commandLine = text.slice(run.argsStart).trim();
  const only = run.heredocs[0];
  const marker = markers[0];
  if (markers.length === 1 && only && marker && commandLine === text.slice(marker.start, marker.end)) {
    const rawFirstLine = lines[only.body.posAt(0).line - 1] ?? '';
    if (!rawFirstLine.startsWith('#!') && !only.body.text.startsWith('#!')) {
      return [heredocScript(only, 'the shell')];
    }
    const program = shebangProgram(only.body.text) ?? '';
    return shellProgram.test(program) ? [heredocScript(only, program.slice(program.lastIndexOf('/') + 1))] : [];
  }
  let plain = '';
  let last = run.argsStart;
  markers.forEach((m, k) => {
    plain += `${text.slice(last, m.start)} \u0000${k} `;
    last = m.end;
  });
  plain += text.slice(last);
  if (notPlainWords.test(plain.replace(/&&/g, ' '))) {
    return [];
  }
  const out: EmbeddedScript[] = [];
  for (const segment of plain.split('&&')) {
    const words = segment.trim().split(/[ \t]+/);
    if (words[0] === 'exit') {
      return out;
    }
    const fed = words.filter((w) => w.startsWith('\u0000'));
    const argv = words.filter((w) => !w.startsWith('\u0000'));
    const call = shellCall(argv);
    const doc = fed.length === 1 ? run.heredocs[Number((fed[0] as string).slice(1))] : undefined;
    if (!doc || !call || call.commandString || (call.operands < argv.length && !call.stdin)) {
      continue;
    }
    if (doc.quoted || !/[$`\\]/.test(doc.body.text)) {
      out.push(heredocScript(doc, call.name));
    }
  }
  return out;
}
