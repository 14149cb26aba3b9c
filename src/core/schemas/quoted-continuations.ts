import type { Document } from 'yaml';

/**
 * PyYAML writes a long quoted string over several lines with the continuation lines at the indentation of its key
 * (`source: "import os\n…\` / `        \ import …`), and libyaml-based parsers (PyYAML, go-yaml: kubectl) read them.
 * YAML 1.2, and the yaml package with it, wants them indented past the key: it reports a missing quote and loses
 * the rest of the document. This gives the text with such continuation lines indented one column past their key
 * (or sequence dash), so the document reads as kubectl reads it. Line numbers stay; columns move on those lines only.
 */

type Quote = '"' | "'";

/** Deeper keys are not indented for: a repaired text stays about the size of the input. */
const maxRequiredIndent = 256;

/** Where the quoted scalar that starts at `from` (just past its opening quote) ends on the line: the closing quote's index, or -1. */
function closingQuote(line: string, quote: Quote, from: number): number {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === '"' && c === '\\') {
      i++;
    } else if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

/** Where the run of spaces that starts at `from` ends. */
function pastSpaces(line: string, from: number): number {
  let n = from;
  while (line.charCodeAt(n) === 32) {
    n++;
  }
  return n;
}

function leadingSpaces(line: string): number {
  return pastSpaces(line, 0);
}

/** A block scalar header ends the line: `key: |`, `- >-`, `key: |2 # comment`. */
const blockScalarHeaderRe = /(?:^|:|-)\s*[|>][-+0-9]*\s*(?:#.*)?$/;

interface Opening {
  quote: Quote;
  /** The indentation its continuation lines need: one past its key, or its sequence dash. */
  required: number;
}

/** The quoted scalar a line opens as a value (after `key:` or `-`) and does not close, if any. */
function openingQuote(line: string): Opening | undefined {
  let p = leadingSpaces(line);
  let dash = -1;
  while (line[p] === '-' && (line[p + 1] === ' ' || p + 1 === line.length)) {
    dash = p;
    p = pastSpaces(line, p + 1);
  }
  const keyAt = p;
  let c = line[p];
  if (c === '"' || c === "'") {
    const close = closingQuote(line, c, p + 1);
    if (close < 0) {
      return dash >= 0 ? { quote: c, required: dash + 1 } : undefined;
    }
    // A quoted key (`"a b": "…`), or a whole quoted value on one line.
    const after = line.slice(close + 1).trimStart();
    if (!after.startsWith(':')) {
      return undefined;
    }
    p = line.length - after.length + 1;
  } else {
    if (c === undefined || c === '#' || c === '[' || c === '{') {
      return undefined;
    }
    const colon = line.indexOf(': ', p);
    if (colon < 0) {
      return undefined;
    }
    p = colon + 1;
  }
  p = pastSpaces(line, p);
  c = line[p];
  if ((c !== '"' && c !== "'") || closingQuote(line, c, p + 1) >= 0) {
    return undefined;
  }
  return { quote: c, required: keyAt + 1 };
}

/** A text with spaces put in at the start of some lines, and where its offsets were in the input. */
export interface IndentedText {
  text: string;
  /** The input's offset of an offset in `text` (an offset in added spaces: the start of its line). */
  toSource: (offset: number) => number;
}

/** The text with under-indented continuation lines of multi-line quoted values indented; undefined when none was. */
export function indentQuotedContinuations(text: string): IndentedText | undefined {
  const lines = text.split('\n');
  /** Where spaces were put in (offsets in the new text) and how many, in order. */
  const added: [number, number][] = [];
  let at = 0;
  let open: Opening | undefined;
  let blockIndent = -1;
  for (let i = 0; i < lines.length; i++, at += (lines[i - 1] as string).length + 1) {
    const line = lines[i] as string;
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (open) {
      const indent = leadingSpaces(content);
      let fixed = content;
      if (indent < open.required && content.trim() !== '') {
        fixed = ' '.repeat(open.required - indent) + content;
        lines[i] = fixed + line.slice(content.length);
        added.push([at, open.required - indent]);
      }
      if (closingQuote(fixed, open.quote, 0) >= 0) {
        open = undefined;
      }
      continue;
    }
    // The lines of a block scalar are its text, whatever quotes they hold.
    if (blockIndent >= 0) {
      if (content.trim() === '' || leadingSpaces(content) > blockIndent) {
        continue;
      }
      blockIndent = -1;
    }
    if (blockScalarHeaderRe.test(content)) {
      blockIndent = leadingSpaces(content);
      continue;
    }
    open = openingQuote(content);
    if (open && open.required > maxRequiredIndent) {
      return undefined; // not PyYAML's output: left as the yaml package reads it
    }
  }
  if (added.length === 0) {
    return undefined;
  }
  return {
    text: lines.join('\n'),
    toSource: (offset) => {
      let shift = 0;
      for (const [from, count] of added) {
        if (offset < from) {
          break;
        }
        if (offset < from + count) {
          return from - shift;
        }
        shift += count;
      }
      return offset - shift;
    },
  };
}

/**
 * The documents of a text the yaml package rejected for a missing closing quote, read again (`reparse`) with the
 * continuation lines of multi-line quoted values indented past their key, when that reads the same documents with
 * fewer errors and none with more (another document may be broken on its own). Undefined otherwise.
 */
export function withQuotedContinuationsIndented(text: string, parsed: readonly Document.Parsed[], reparse: (text: string) => Document.Parsed[] | undefined): (IndentedText & { parsed: Document.Parsed[] }) | undefined {
  if (!parsed.some((d) => d.errors.some((e) => e.code === 'MISSING_CHAR'))) {
    return undefined;
  }
  const indented = indentQuotedContinuations(text);
  const again = indented !== undefined ? reparse(indented.text) : undefined;
  if (indented === undefined || again?.length !== parsed.length) {
    return undefined;
  }
  const errors = (docs: readonly Document.Parsed[], i: number) => (docs[i] as Document.Parsed).errors.length;
  const better = again.every((_, i) => errors(again, i) <= errors(parsed, i)) && again.some((_, i) => errors(again, i) < errors(parsed, i));
  return better ? { ...indented, parsed: again } : undefined;
}
