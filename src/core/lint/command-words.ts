import type { Node } from 'yaml';
import type { YamlView } from './yaml/access';
import { derivation } from './yaml/access';

/** One word of a command line written as YAML items, and the item that holds it. */
export interface CommandWord {
  text: string;
  node: Node;
  /** `&&`, `||`, `;`, `|`, `&` or a line break in a script: the next word starts another command. */
  separator: boolean;
}

const separatorRe = /^(?:&&|\|\||;|\||&)$/;

/** An item's words: the item itself, or a command line or `sh -c` script split on blanks, the quotes at their ends taken off. */
function wordsOf(text: string, node: Node): CommandWord[] {
  if (!/\s/.test(text)) {
    return [{ text, node, separator: false }];
  }
  const out: CommandWord[] = [];
  // A line break ends a command in a script, unless a backslash continues it.
  const lines = text.includes('\n') ? text.replace(/\\\r?\n/g, ' ').replace(/\n/g, ' ; ') : text;
  for (const raw of lines.split(/\s+/)) {
    const text = raw.replace(/^["']|["']$/g, '');
    const ends = text.length > 1 && text.endsWith(';');
    const word = ends ? text.slice(0, -1) : text;
    if (word !== '' && word !== '\\') {
      out.push({ text: word, node, separator: separatorRe.test(word) });
    }
    if (ends) {
      out.push({ text: ';', node, separator: true });
    }
  }
  return out;
}

/**
 * The words of a command line given in parts read in order (command then args; entrypoint then command), so that a
 * flag in one and its value in the next still pair up.
 */
export function commandWords(view: YamlView, parts: readonly (readonly Node[])[]): CommandWord[] {
  const out: CommandWord[] = [];
  for (const part of parts) {
    for (const item of part) {
      for (const word of view.derive(itemWords, item)) {
        out.push(word);
      }
    }
  }
  return out;
}

const noWords: readonly CommandWord[] = [];

/** One item's words, worked out once per view (shared: callers get copies in commandWords's list). */
const itemWords = derivation((view, item: Node): readonly CommandWord[] => {
  const text = view.str(item);
  return text === undefined ? noWords : wordsOf(text, item);
});
