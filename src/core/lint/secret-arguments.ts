import type { Node } from 'yaml';
import type { YamlFile } from './yaml/parse';
import type { YamlView } from './yaml/access';
import type { Range } from './types';
import type { SecretVocabulary } from './rules/dockerfile/secrets';
import { isLiteralArgument, isSecretName } from './rules/dockerfile/secrets';
import type { CommandWord } from './command-words';
import { commandWords } from './command-words';
import type { ToolCredential } from './tool-credentials';
import { commandTools, isMysqlClient, toolCredentials, toolHint } from './tool-credentials';

/**
 * A literal passed as a credential on a command line written as YAML items (a Kubernetes container's command and args
 * or probe command, a Compose service's entrypoint and command or healthcheck.test): to a credential flag (`--api-key
 * sk-…`, `--hf-token=hf_…`), or to a known client's own flag or place (`redis-cli -a`, `mc alias set`).
 */
export interface SecretArgument {
  /** How the value is passed, for messages: `--api-key`, `redis-cli -a`, `mc alias set`. */
  flag: string;
  value: string;
  /** The item that holds the value. */
  node: Node;
  /** The text just before the value in its item's source (its flag, `-p`, `user:`), to find where the value stands. */
  after: string;
  /** The variable a fixed file reads the value from (`--hf-token` → HF_TOKEN). */
  variable: string;
  /** The ID and secret that go together (`--access-key/--secret-key`), when the value is the secret half of such a pair. */
  pair?: string;
}

/** Words that can end a credential flag's name, to skip items that pass none cheaply. */
const credentialHint = /key|token|secret|pass|credential|pwd/i;
const flagRe = /^--?([A-Za-z][\w.-]*)(?:=([\s\S]*))?$/;
/** The ID half of a key pair (`--access-key`, `--access_key`, `--s3-access-key-id`): an ID, not a secret, beside a secret flag. */
const accessKeyFlagRe = /(?:^|[-_.])access[-_.]?key(?:[-_.]?id)?$/i;
/** A flag name with the word `secret` (`--secret-key`, `--s3-secret-access-key`): the secret half of a key pair. */
const secretWordRe = /(?:^|[-_.])secret(?:$|[-_.])/i;
const noArguments: readonly SecretArgument[] = [];
/** Either hint: one scan of an item that has neither, as most have. */
const anyHint = new RegExp(`${credentialHint.source}|${toolHint.source}`, 'i');

/** `--hf-token` → `HF_TOKEN`. */
const flagVariable = (flag: string): string => flag.replace(/^-+/, '').toUpperCase();

interface FlagValue extends ToolCredential {
  /** The flag's name without dashes (`secret-key`). */
  name: string;
}

/**
 * A value after `=` without its shell quotes, the closing one of which the word split may already have taken
 * (`--hf-token='hf_…'`). Quotes alone (`--NotebookApp.token=''`) make an empty value, which passes no secret.
 */
const unquoted = (raw: string): string => raw.replace(/^(["'])(.*?)\1?$/, '$2');

/** Values given to flags whose names are secrets' names, as env names are judged (`--api-key`, `--secret_key=`). */
function credentialFlags(words: readonly CommandWord[], tools: readonly (string | undefined)[], vocab: SecretVocabulary): FlagValue[] {
  const out: FlagValue[] = [];
  words.forEach((word, i) => {
    const m = credentialHint.test(word.text) ? flagRe.exec(word.text) : null;
    const name = m?.[1] as string;
    if (!m || !isSecretName(name, vocab)) {
      return;
    }
    const inline = m[2] !== undefined;
    const following = words[i + 1];
    // The MySQL clients' `--password` prompts unless its value follows `=`: the next word is a database or command.
    if (!inline && (following === undefined || following.separator || (name === 'password' && isMysqlClient(tools[i])))) {
      return;
    }
    const flag = inline ? word.text.slice(0, word.text.indexOf('=')) : word.text;
    const value = inline ? unquoted(m[2] as string) : (following as CommandWord).text;
    out.push({ at: inline ? i : i + 1, value, flag, name, after: inline ? `${flag}=` : flag, variable: flagVariable(flag) });
  });
  return out;
}

/**
 * Key pairs in one command (`--access-key AK --secret-key SK`, S3 clients' form): the access key is the pair's ID and
 * is not reported; the secret key is, with the pair named.
 */
function pairKeys(flags: readonly FlagValue[], words: readonly CommandWord[]): FlagValue[] {
  if (!flags.some((f) => secretWordRe.test(f.name))) {
    return flags.slice();
  }
  // The access key flag of each command, by the command's number on the line.
  const idFlags = new Map<number, string>();
  const commandOf: number[] = [];
  let command = 0;
  words.forEach((w) => {
    command += w.separator ? 1 : 0;
    commandOf.push(command);
    const m = w.separator || idFlags.has(command) ? null : flagRe.exec(w.text);
    if (m && accessKeyFlagRe.test(m[1] as string)) {
      idFlags.set(command, m[0].replace(/=[\s\S]*$/, ''));
    }
  });
  const paired = new Set(flags.filter((f) => secretWordRe.test(f.name)).map((f) => commandOf[f.at]).filter((c) => c !== undefined && idFlags.has(c)));
  return flags.flatMap((f) => {
    const c = commandOf[f.at] as number;
    if (!paired.has(c)) {
      return [f];
    }
    return accessKeyFlagRe.test(f.name) ? [] : secretWordRe.test(f.name) ? [{ ...f, pair: `${idFlags.get(c) as string}/${f.flag}` }] : [f];
  });
}

/** The literals a command line passes as credentials, read from its parts in order (command then args; entrypoint then command). */
export function secretArguments(view: YamlView, vocab: SecretVocabulary, ...parts: (readonly Node[])[]): readonly SecretArgument[] {
  let flagged = false;
  let toolNamed = false;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const text = view.str(part[i]);
      if (text !== undefined && anyHint.test(text)) {
        flagged ||= credentialHint.test(text);
        toolNamed ||= toolHint.test(text);
      }
    }
  }
  if (!flagged && !toolNamed) {
    return noArguments;
  }
  const words = commandWords(view, parts);
  // Without a client's name on the line, no word runs one.
  const tools = toolNamed ? commandTools(words) : [];
  const candidates: ToolCredential[] = [...(flagged ? pairKeys(credentialFlags(words, tools, vocab), words) : []), ...(toolNamed ? toolCredentials(words, tools, vocab) : [])];
  const out: SecretArgument[] = [];
  for (const c of candidates) {
    const node = words[c.at]?.node;
    if (node !== undefined && isLiteralArgument(c.value, c.variable, vocab)) {
      out.push({ flag: c.flag, value: c.value, node, after: c.after, variable: c.variable, ...(c.pair === undefined ? {} : { pair: c.pair }) });
    }
  }
  return out;
}

/** How a message names where the value is passed: the flag, and the pair when the value is a pair's secret half. */
export function passedTo(arg: SecretArgument): string {
  return arg.pair === undefined ? arg.flag : `${arg.flag} (the secret half of its ${arg.pair} pair; the access key alone is only an ID)`;
}

/** Where the value starts in its item's source: right after `after` (past blanks, quotes, `=`), else its first occurrence. */
function valueOffset(source: string, arg: SecretArgument): number {
  for (let at = source.indexOf(arg.after); at >= 0 && arg.after !== ''; at = source.indexOf(arg.after, at + 1)) {
    const from = at + arg.after.length;
    const gap = /^[\s"'=\\]*/.exec(source.slice(from))?.[0].length ?? 0;
    if (source.startsWith(arg.value, from + gap)) {
      return from + gap;
    }
  }
  return source.indexOf(arg.value);
}

/** Where `value` stands in the source of its item (the item's range when escapes or folding hide it). */
export function valueRange(file: YamlFile, view: YamlView, arg: SecretArgument): Range | undefined {
  const r = arg.node.range;
  const at = r ? valueOffset(file.text.slice(r[0], r[1]), arg) : -1;
  if (!r || at < 0) {
    return view.range(arg.node);
  }
  const s = file.lineCounter.linePos(r[0] + at);
  const e = file.lineCounter.linePos(r[0] + at + arg.value.length);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}
