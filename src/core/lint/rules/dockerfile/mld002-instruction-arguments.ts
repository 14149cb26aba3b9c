import { keyValues } from '../../dockerfile/kv';
import type { Instruction, ParsedDockerfile } from '../../dockerfile/model';
import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { frontendVersion, versionAtLeast } from './frontend-version';
import { finding } from './helpers';
import { keywordSet } from './keywords';

const signals = new Set('ABRT ALRM BUS CHLD CLD CONT FPE HUP ILL INT IO IOT KILL PIPE POLL PROF PWR QUIT SEGV STKFLT STOP SYS TERM TRAP TSTP TTIN TTOU URG USR1 USR2 VTALRM WINCH XCPU XFSZ RTMIN RTMAX'.split(' '));

/** Signal names as the builder parses them: a number, a name with or without SIG (any case), RTMIN+n, or a variable. */
function isSignal(value: string): boolean {
  if (/^\d+$/.test(value) || /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value)) {
    return true;
  }
  const name = value.toUpperCase().replace(/^SIG/, '');
  return signals.has(name) || /^RTM(?:IN\+|AX-)\d+$/.test(name);
}

const shellKeywords = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** Some non-space text after the flags (a printable ASCII first character settles it without a regular expression). */
function hasArguments(instr: Instruction): boolean {
  const first = instr.args.text.charCodeAt(instr.argsStart);
  return (first > 32 && first < 127) || /\S/.test(instr.args.text.slice(instr.argsStart, instr.argsStart + 4096));
}

function problem(instr: Instruction): { message: string; at?: 'keyword' | number } | undefined {
  const kw = instr.keyword;
  if (!keywordSet.has(kw)) {
    return undefined;
  }
  if (!hasArguments(instr) && instr.heredocs.length === 0) {
    return { message: `${kw} needs arguments.`, at: 'keyword' };
  }
  if (shellKeywords.has(kw)) {
    return undefined; // their arguments are a command line; the shell decides
  }
  const words = instr.words;
  const quoted = words.findIndex((w) => w.unterminatedQuote);
  if (quoted >= 0) {
    return { message: `${kw} has an unterminated quote; close it.`, at: quoted };
  }
  switch (kw) {
    case 'FROM':
      if (words.length === 2 || words.length > 3 || (words.length === 3 && words[1]?.value.toUpperCase() !== 'AS')) {
        return { message: 'FROM takes an image and an optional "AS <name>"; remove the extra arguments.', at: words.length === 2 ? 1 : Math.min(words.length - 1, words[1]?.value.toUpperCase() === 'AS' ? 3 : 1) };
      }
      return undefined;
    case 'COPY':
    case 'ADD':
      if (!instr.json && words.length < 2) {
        return { message: `${kw} needs at least a source and a destination.`, at: 'keyword' };
      }
      if (instr.json && instr.json.length < 2) {
        return { message: `${kw} needs at least a source and a destination.`, at: 'keyword' };
      }
      return undefined;
    case 'HEALTHCHECK': {
      const type = words[0]?.value.toUpperCase();
      if (type === 'NONE' && words.length > 1) {
        return { message: 'HEALTHCHECK NONE takes no arguments; remove them.', at: 1 };
      }
      if (type === 'CMD' && words.length < 2) {
        return { message: 'HEALTHCHECK CMD needs a command.', at: 0 };
      }
      if (type !== 'NONE' && type !== 'CMD') {
        return { message: 'HEALTHCHECK must be followed by CMD <command> or NONE.', at: 0 };
      }
      return undefined;
    }
    case 'SHELL':
      if (!instr.json || instr.json.length === 0) {
        return { message: 'SHELL must be a non-empty JSON array, e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"].', at: 0 };
      }
      return undefined;
    case 'STOPSIGNAL':
      if (words.length !== 1 || !isSignal(words[0]?.value ?? '')) {
        return { message: 'STOPSIGNAL takes one signal, e.g. SIGTERM or 15.', at: words.length > 1 ? 1 : 0 };
      }
      return undefined;
    case 'USER':
      if (words.length !== 1) {
        return { message: 'USER takes exactly one argument: <user>[:<group>].', at: 1 };
      }
      return undefined;
    case 'ENV':
    case 'LABEL': {
      const kvs = keyValues(instr);
      const first = kvs[0];
      if (first?.legacy && first.value === undefined) {
        return { message: `${kw} ${first.key} has no value; write ${first.key}=<value>.`, at: 0 };
      }
      const bad = kvs.findIndex((kv) => !kv.legacy && kv.value === undefined);
      if (bad >= 0) {
        return { message: `${kw} arguments must be key=value pairs; "${kvs[bad]?.key}" has no "=".`, at: bad };
      }
      const empty = kvs.findIndex((kv) => kv.key === '');
      return empty >= 0 ? { message: `${kw} has an empty name before "=".`, at: empty } : undefined;
    }
    case 'ARG': {
      const empty = keyValues(instr).findIndex((kv) => kv.key === '');
      return empty >= 0 ? { message: 'ARG has an empty name before "=".', at: empty } : undefined;
    }
    default:
      return undefined;
  }
}

/** Heredocs are read by the Dockerfile frontend from 1.4 (1.3 with its -labs channel); older ones pass `<<EOF` to the shell. */
function readsHeredocs(parsed: ParsedDockerfile): boolean {
  return versionAtLeast(frontendVersion(parsed), 1, 4) || /-labs\b/.test(parsed.directives.find((d) => d.name === 'syntax')?.value ?? '');
}

/** A heredoc no line closes: BuildKit stops with "unterminated heredoc" (the body would run to the end of the file). */
function unterminatedHeredoc(parsed: ParsedDockerfile, instr: Instruction): RuleFinding | undefined {
  const doc = instr.heredocs.find((d) => !d.terminated);
  if (!doc) {
    return undefined;
  }
  const first = doc.markerRange.start.line;
  const near = parsed.lines.findIndex((l, i) => i >= first && l.trim() === doc.name);
  const fix = near >= 0 ? `line ${near + 1} must be ${doc.name} alone, ${doc.stripTabs ? 'after nothing but tabs' : 'with no spaces around it'}` : `end its body with a line that holds only ${doc.name}`;
  return finding(doc.markerRange, `The heredoc <<${doc.stripTabs ? '-' : ''}${doc.name} is never closed, so BuildKit stops with "unterminated heredoc"; ${fix}.`);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD002',
    name: 'instruction-arguments',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {
      dockerfileUtils: ['ARGUMENT_MISSING', 'ARGUMENT_EXTRA', 'ARGUMENT_REQUIRES_ONE', 'ARGUMENT_REQUIRES_AT_LEAST_TWO', 'HEALTHCHECK_CMD_ARGUMENT_MISSING', 'UNKNOWN_TYPE', 'SHELL_JSON_FORM', 'SHELL_REQUIRES_ONE', 'INVALID_SIGNAL', 'SYNTAX_MISSING_EQUALS', 'SYNTAX_MISSING_NAMES', 'SYNTAX_MISSING_SINGLE_QUOTE', 'SYNTAX_MISSING_DOUBLE_QUOTE', 'INVALID_SYNTAX'],
    },
    description: 'The instruction has the wrong number or shape of arguments, or a RUN, COPY or ADD heredoc is never closed.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const heredocs = readsHeredocs(model.parsed);
    for (const outer of model.parsed.instructions) {
      const instr = effective(outer);
      const open = heredocs && instr.heredocs.length > 0 ? unterminatedHeredoc(model.parsed, instr) : undefined;
      if (open) {
        out.push(open);
      }
      const p = problem(instr);
      if (!p) {
        continue;
      }
      const word = typeof p.at === 'number' ? instr.words[p.at] : undefined;
      out.push(finding(word?.range ?? instr.keywordRange, p.message));
    }
    return out;
  },
};
