import type { Node } from 'yaml';
import type { YamlFile } from './yaml/parse';
import type { YamlView } from './yaml/access';
import type { Range } from './types';
import type { SecretVocabulary } from './rules/dockerfile/secrets';
import { isFlagValue, isPlaceholderValue, isSecretName } from './rules/dockerfile/secrets';

/**
 * A literal passed to a credential flag (`--api-key sk-…`, `--hf-token=hf_…`) on a command line written as YAML items:
 * a Kubernetes container's command and args, a Compose service's entrypoint and command.
 */
export interface SecretArgument {
  flag: string;
  value: string;
  /** The item that holds the value. */
  node: Node;
}

interface Word {
  text: string;
  node: Node;
}

/** Words that can end a credential flag's name, to skip items that pass none cheaply. */
const credentialHint = /key|token|secret|pass|credential|pwd/i;
const flagRe = /^--?([A-Za-z][\w.-]*)(?:=([\s\S]*))?$/;
const noArguments: readonly SecretArgument[] = [];

/** An item's words: the item itself, or a command line or `sh -c` script split on blanks, the quotes at their ends taken off. */
function wordsOf(text: string, node: Node): Word[] {
  if (!/\s/.test(text)) {
    return [{ text, node }];
  }
  return text
    .split(/\s+/)
    .filter((w) => w !== '' && w !== '\\')
    .map((w) => ({ text: w.replace(/^["']|["']$/g, ''), node }));
}

/**
 * Not a literal credential: empty or placeholder text, a variable (`$(VAR)`, which Kubernetes expands in command and
 * args, `$VAR`, `${VAR}` a shell or Compose expands, any other expansion), a file path, a switch value, a count
 * (`--token-budget 1024`), or the name of the variable that holds the secret (`--api-key-env OPENAI_API_KEY`).
 */
function isLiteralSecret(value: string, vocab: SecretVocabulary): boolean {
  if (value === '' || value.startsWith('-') || /[$`]/.test(value) || isPlaceholderValue(value) || isFlagValue(value) || /^\d+$/.test(value)) {
    return false;
  }
  return !(/^[A-Z][A-Z0-9_]*$/.test(value) && isSecretName(value, vocab));
}

/**
 * The literals a command line passes to credential flags, their names judged as env names are. The command line is
 * given in parts read in order (command then args; entrypoint then command), so that a flag in one and its value in
 * the next still pair up.
 */
export function secretArguments(view: YamlView, vocab: SecretVocabulary, ...parts: (readonly Node[])[]): readonly SecretArgument[] {
  const hinted = (item: Node) => credentialHint.test(view.str(item) ?? '');
  if (!parts.some((items) => items.some(hinted))) {
    return noArguments;
  }
  const words = parts.flat().flatMap((item) => {
    const text = view.str(item);
    return text === undefined ? [] : wordsOf(text, item);
  });
  const out: SecretArgument[] = [];
  words.forEach((word, i) => {
    const m = credentialHint.test(word.text) ? flagRe.exec(word.text) : null;
    if (!m || !isSecretName(m[1] as string, vocab)) {
      return;
    }
    const inline = m[2] !== undefined;
    const value = inline ? (m[2] as string).replace(/^(["'])(.*)\1$/, '$2') : words[i + 1]?.text;
    const node = inline ? word.node : words[i + 1]?.node;
    if (value !== undefined && node !== undefined && isLiteralSecret(value, vocab)) {
      out.push({ flag: inline ? word.text.slice(0, word.text.indexOf('=')) : word.text, value, node });
    }
  });
  return out;
}

/** Where `value` stands in the source of its item, after its flag when the item holds both (the item's range when escapes or folding hide it). */
export function valueRange(file: YamlFile, view: YamlView, arg: SecretArgument): Range | undefined {
  const r = arg.node.range;
  const source = r ? file.text.slice(r[0], r[1]) : '';
  const at = source.indexOf(arg.value, Math.max(0, source.indexOf(arg.flag)));
  if (!r || at < 0) {
    return view.range(arg.node);
  }
  const s = file.lineCounter.linePos(r[0] + at);
  const e = file.lineCounter.linePos(r[0] + at + arg.value.length);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}
