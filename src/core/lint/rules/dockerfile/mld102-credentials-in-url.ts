import { shellScriptIndex } from '../../dockerfile/exec-form';
import { runCommands } from '../../dockerfile/installs';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import { declaredNames, runScripts } from '../../dockerfile/semantic';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import { execFormScript } from '../../dockerfile/wrapped';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';
import { isPlaceholderText, looksLikeCredential } from './secrets';

const userinfoRe = /\b[a-z][a-z0-9+.-]*:\/\/([^/\s@:'"]*)(?::([^/\s@'"]*))?@[^\s/@'"]/i;
const varRe = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

type Verdict = 'literal' | 'persisted-variable' | undefined;
type Report = (range: Range, verdict: Verdict, where: string) => void;

/** Does `text` carry a URL with credentials that end up in the image? */
function urlCredentials(text: string, persisted: (name: string) => boolean): Verdict {
  if (!text.includes('://') || !text.includes('@')) {
    return undefined;
  }
  const m = userinfoRe.exec(text);
  if (!m) {
    return undefined;
  }
  const user = m[1] ?? '';
  const password = m[2];
  const secretPart = password !== undefined && password !== '' ? password : user;
  const v = varRe.exec(secretPart);
  if (v) {
    return persisted(v[1] as string) ? 'persisted-variable' : undefined;
  }
  if (isPlaceholderText(secretPart)) {
    return undefined;
  }
  if (password === undefined || password === '') {
    // `scheme://<token>@host`: only a token-like user is a credential.
    return looksLikeCredential(user) || /^[A-Za-z0-9_-]{32,}$/.test(user) ? 'literal' : undefined;
  }
  return secretPart.includes('$') ? undefined : 'literal';
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD102',
    name: 'credentials-in-url',
    family: 'security',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A URL with a password or token appears in ARG/ENV, RUN or ADD.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const report: Report = (range, verdict, where) => {
      const why = verdict === 'persisted-variable' ? 'come from an ARG/ENV, which persists in the image history' : 'are written into the Dockerfile and the image history';
      out.push(finding(range, `The credentials in this ${where} URL ${why}; pass them with RUN --mount=type=secret (e.g. a pip.conf or .netrc secret) instead.`));
    };
    const global = (name: string): boolean => model.globalArgs.has(name);
    for (const instr of model.preamble) {
      if (instr.keyword === 'ARG') {
        for (const kv of keyValues(instr)) {
          const verdict = urlCredentials(kv.value ?? '', global);
          if (verdict) {
            report(kv.word.range, verdict, 'ARG');
          }
        }
      }
    }
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        const persisted = (name: string): boolean => declaredNames(stage, instr).has(name);
        if (instr.keyword === 'ARG' || instr.keyword === 'ENV') {
          for (const kv of keyValues(instr)) {
            const verdict = urlCredentials(kv.value ?? '', persisted);
            if (verdict) {
              report(kv.word.range, verdict, instr.keyword);
            }
          }
        } else if (instr.keyword === 'ADD') {
          for (const w of instr.words.slice(0, -1)) {
            const verdict = urlCredentials(w.value, persisted);
            if (verdict) {
              report(w.range, verdict, 'ADD');
            }
          }
        } else if (instr.keyword === 'RUN') {
          reportRunUrls(instr, persisted, report);
          for (const { command } of runCommands(instr)) {
            reportCurlPassword(command, out);
          }
        }
      }
    }
    return out;
  },
};

/**
 * The URLs of a RUN's command line, heredocs or exec-form array. A script handed to a shell (`bash -c "…"`) is one
 * word of its command and read as such, so its URLs are reported once.
 */
function reportRunUrls(instr: Instruction, persisted: (name: string) => boolean, report: Report): void {
  const exec = execFormScript(instr);
  if (exec) {
    // An exec form expands no variables but in the script it hands a shell: a `$VAR` elsewhere reaches the program as written.
    const words = exec.commands[0]?.words ?? [];
    const scriptAt = shellScriptIndex(words.map((w) => w.value));
    words.forEach((w, k) => reportUrls([w], k === scriptAt ? persisted : () => false, report));
    return;
  }
  for (const script of runScripts(instr)) {
    // Every `@` of a word's value is one of its script's: a script without one holds no URL with credentials.
    if (script.text.text.includes('@')) {
      for (const command of script.commands) {
        reportUrls(command.assignments, persisted, report);
        reportUrls(command.words, persisted, report);
      }
    }
  }
}

function reportUrls(words: readonly ShellWord[], persisted: (name: string) => boolean, report: Report): void {
  for (const w of words) {
    const verdict = urlCredentials(w.value, persisted);
    if (verdict) {
      report(w.range, verdict, 'RUN');
    }
  }
}

/** `curl -u user:password`: a literal password on the command line. */
function reportCurlPassword(command: ShellCommand, out: RuleFinding[]): void {
  const eff = effectiveCommand(command);
  if (eff?.name !== 'curl') {
    return;
  }
  eff.args.forEach((a, k) => {
    const next = eff.args[k + 1];
    if ((a.value === '-u' || a.value === '--user') && next && /^[^:$]+:[^$]+$/.test(next.value)) {
      out.push(finding(next.range, 'curl -u passes a literal password that stays in the image history; read it from a secret mount (e.g. --netrc-file /run/secrets/netrc) instead.'));
    }
  });
}
