import type { ShellCommand, ShellWord } from './shell';
import { basename } from './shell';

/** A healthcheck call that checks an HTTP server but passes on any answer, error statuses included. */
export interface StatusBlindCall {
  tool: 'curl' | 'requests';
  /** The call as a message shows it: `curl http://localhost:8000/health`, `requests.get()`. */
  shown: string;
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

/**
 * An argument list run without a shell (`["curl", URL]`, `["python3", "-c", CODE]`) that checks an HTTP server with
 * curl without `-f` (`--fail`, `--fail-with-body`), or with Python's requests or httpx without raise_for_status() or a
 * status test: both exit 0 on any answer, a 503 from a server still loading its model included. wget (which fails on
 * HTTP errors by default), urllib's urlopen (which raises on them), curl config files and code that tests the status
 * itself are not judged.
 */
export function statusBlindArgv(argv: readonly string[]): StatusBlindCall | undefined {
  const [program = '', ...args] = argv;
  const url = statusBlindCurl(program, args);
  if (url !== undefined) {
    return { tool: 'curl', shown: `curl ${url}` };
  }
  const call = statusBlindPython(program, args);
  return call !== undefined ? { tool: 'requests', shown: call } : undefined;
}

/** `exit N` (N not 0) or `false`: a fallback that keeps the script failing. */
function failsToo(cmd: ShellCommand): boolean {
  const words = cmd.words.map((w) => w.value);
  return (words[0] === 'exit' && words.length === 2 && /^\d+$/.test(words[1] ?? '') && Number(words[1]) !== 0) || (words[0] === 'false' && words.length === 1);
}

/**
 * The script's exit status is its first command's (`curl …`, `curl … || exit 1`, `curl … && echo ok`): no pipeline (a
 * `| grep` or `| jq -e` looks at the answer), no compound command, no other fallback or later list.
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

/** A shell script whose exit status is a status-blind call's (statusBlindArgv), with the word that names its program. */
export function statusBlindScript(commands: readonly ShellCommand[]): (StatusBlindCall & { program: ShellWord }) | undefined {
  const words = decidedByFirst(commands)?.words ?? [];
  const program = words[0];
  const call = program ? statusBlindArgv(words.map((w) => w.value)) : undefined;
  return call && program ? { ...call, program } : undefined;
}

/** Why the call passes on an error status, for a message: `curl URL without -f exits 0 on any HTTP answer, a 503 included`. */
export function statusBlindReason(call: StatusBlindCall): string {
  return call.tool === 'curl' ? `${call.shown} without -f exits 0 on any HTTP answer, a 503 included` : `${call.shown} returns any HTTP answer, a 503 included, without raising`;
}

/** What makes the call fail on an error status, for a message: add -f, or call raise_for_status(). */
export function statusBlindFix(call: StatusBlindCall): string {
  const how = call.tool === 'curl' ? `add -f (${call.shown.replace(/^curl /, 'curl -f ')})` : `call raise_for_status() on the response (${call.shown.slice(0, call.shown.indexOf('.'))}.get(url, timeout=5).raise_for_status())`;
  return `${how}, so an HTTP error status fails the check`;
}
