import type { Node } from 'yaml';
import { MappedText } from '../../dockerfile/mapped-text';
import type { ShellCommand } from '../../dockerfile/shell';
import { basename, splitShell } from '../../dockerfile/shell';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { testCommand } from './noop-healthcheck';

/** A healthcheck test that checks an HTTP server but passes on any answer, error statuses included. */
export interface StatusBlindCheck {
  node: Node;
  tool: 'curl' | 'requests';
  /** The call as a message shows it: `curl http://localhost:8000/health`, `requests.get()`. */
  shown: string;
  /** Adds `-f` after curl, where the test is written plainly enough to do so in place. */
  edit?: TextEdit;
}

/** curl's short options that take a value: in a cluster (`-sfo FILE`), the letters after one of them are its value. */
const curlValueLetters = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'.split(''));

/** curl fails on an HTTP error status: `-f` (alone or in a cluster such as `-fsS`), `--fail` or `--fail-with-body`. */
function curlFails(args: readonly string[]): boolean {
  return args.some((a) => {
    if (a === '--fail' || a === '--fail-with-body') {
      return true;
    }
    if (!/^-[A-Za-z0-9#:]/.test(a)) {
      return false;
    }
    for (const letter of a.slice(1)) {
      if (letter === 'f') {
        return true;
      }
      if (curlValueLetters.has(letter)) {
        return false;
      }
    }
    return false;
  });
}

/** An HTTP URL as curl reads it: a scheme of http(s), or a local host without one (`localhost:8000/health`). */
const httpUrlRe = /^(?:https?:\/\/|(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?:[:/]|$))/i;

/** A config file (`-K`, `--config`) may hold `--fail`; `--next` starts another transfer with its own options. */
function curlUnknown(args: readonly string[]): boolean {
  return args.some((a) => a === '-K' || a === '--config' || a.startsWith('--config=') || a === '--next' || a === '-:' || (/^-[A-Za-z]+$/.test(a) && a.includes('K')));
}

/** curl checking an HTTP URL without failing on an error status: the URL it checks. */
function statusBlindCurl(program: string, args: readonly string[]): string | undefined {
  const url = args.find((a) => httpUrlRe.test(a));
  return basename(program) === 'curl' && url !== undefined && !curlFails(args) && !curlUnknown(args) ? url : undefined;
}

/** requests (or httpx) called without a look at the answer: they raise only when nothing answers. */
const clientCallRe = /\b(?:requests|httpx)\.(?:get|head|post|request)\s*\(/;
/** Code that looks at the answer or decides the exit status itself. */
const statusLookRe = /raise_for_status|status_code|\.ok\b|\.is_success\b|\.is_error\b|\bassert\b|\bexit\s*\(|\braise\b|\bif\b/;
const pythonRe = /^python[0-9.]*$/;

/** `python -c CODE` whose code calls requests or httpx and never looks at the answer's status: the call. */
function statusBlindPython(program: string, args: readonly string[]): string | undefined {
  const code = args[0] === '-c' ? args[1] : undefined;
  const call = code !== undefined && pythonRe.test(basename(program)) && !statusLookRe.test(code) ? clientCallRe.exec(code) : null;
  return call ? `${call[0].replace(/\s+/g, '')})` : undefined;
}

/** `exit N` (N not 0) or `false`: a fallback that keeps the script failing. */
function failsToo(cmd: ShellCommand): boolean {
  const words = cmd.words.map((w) => w.value);
  return (words[0] === 'exit' && words.length === 2 && /^\d+$/.test(words[1] ?? '') && Number(words[1]) !== 0) || (words[0] === 'false' && words.length === 1);
}

/**
 * The script's exit status is its first command's (`curl …`, `curl … || exit 1`, `curl … && echo ok`): no pipeline (a
 * `| grep` looks at the answer), no compound command, no other fallback or later list.
 */
function decidedByFirst(commands: readonly ShellCommand[]): ShellCommand | undefined {
  const [first, ...rest] = commands;
  if (!first || first.before !== undefined || first.assignments.length > 0) {
    return undefined;
  }
  for (const cmd of [first, ...rest]) {
    if (cmd.keywords !== undefined || cmd.caseBranches !== undefined || cmd.after === '&' || cmd.after === '|' || cmd.after === '|&') {
      return undefined;
    }
    if (cmd !== first && cmd.before !== '&&' && !(cmd.before === '||' && failsToo(cmd))) {
      return undefined;
    }
  }
  return first;
}

/** Inserts `-f` after curl's word in the scalar's source, where that word (`raw`) appears there exactly once. */
function scriptEdit(view: YamlView, node: Node, raw: string): TextEdit | undefined {
  const r = node.range;
  const source = r ? view.file.text.slice(r[0], r[1]) : '';
  const escaped = raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = [...source.matchAll(new RegExp(`(?:^|[\\s"'])${escaped}(?=[ \\t])`, 'g'))];
  if (!r || found.length !== 1 || found[0]?.index === undefined) {
    return undefined;
  }
  const at = r[0] + found[0].index + found[0][0].length;
  const pos = view.file.lineCounter.linePos(at);
  const p = { line: pos.line, column: pos.col };
  return { range: { start: p, end: p }, newText: ' -f' };
}

/** Inserts a `-f` item after curl's item of a flow sequence (`["CMD", "curl", URL]`), quoted as that item is. */
function argvEdit(view: YamlView, test: Node, curlAt: number): TextEdit | undefined {
  const seq = view.seq(test);
  const item = view.items(test)[curlAt];
  const r = item?.range;
  if (!seq?.flow || !item || !r) {
    return undefined;
  }
  const quote = /^["']/.exec(view.file.text.slice(r[0], r[1]))?.[0] ?? '';
  const end = view.file.text.slice(r[0], r[1]).trimEnd().length + r[0];
  const pos = view.file.lineCounter.linePos(end);
  const p = { line: pos.line, column: pos.col };
  return { range: { start: p, end: p }, newText: `, ${quote}-f${quote}` };
}

/**
 * The healthcheck test checks an HTTP server with curl without `-f` (`--fail`, `--fail-with-body`), or with Python's
 * requests or httpx without raise_for_status() or a status test: both exit 0 on any answer, a 503 from a server still
 * loading its model included, so Docker marks the service healthy too early. wget (which fails on HTTP errors by
 * default), urllib's urlopen (which raises on them), a pipe into grep or jq, and scripts that test the status themselves
 * are not judged.
 */
export function statusBlindCheck(view: YamlView, test: Node): StatusBlindCheck | undefined {
  const command = testCommand(view, test);
  if (!command) {
    return undefined;
  }
  if (command.script === undefined) {
    const [program = '', ...args] = command.argv;
    const url = statusBlindCurl(program, args);
    if (url !== undefined) {
      const edit = argvEdit(view, test, 1);
      return { node: command.node, tool: 'curl', shown: `curl ${url}`, ...(edit ? { edit } : {}) };
    }
    const call = statusBlindPython(program, args);
    return call !== undefined ? { node: command.node, tool: 'requests', shown: call } : undefined;
  }
  const script = command.script.replace(/\$\$/g, '$');
  const first = decidedByFirst(splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands);
  const [program, ...args] = first?.words ?? [];
  if (!program) {
    return undefined;
  }
  const values = args.map((w) => w.value);
  const url = statusBlindCurl(program.value, values);
  if (url !== undefined) {
    const edit = scriptEdit(view, command.node, program.raw);
    return { node: command.node, tool: 'curl', shown: `curl ${url}`, ...(edit ? { edit } : {}) };
  }
  const call = statusBlindPython(program.value, values);
  return call !== undefined ? { node: command.node, tool: 'requests', shown: call } : undefined;
}
