import { Scalar } from 'yaml';
import { FastScalar, setRange } from './fast-nodes';
import { unsupported, type BlockScalarToken } from './fast-parse-tokens';

/*
 * Literal and folded block scalars (`|`, `>-`, `|2+`…) exactly as the `yaml` package reads them:
 * where the body ends (parse/lexer.js parseBlockScalar) and what it means
 * (compose/resolve-block-scalar.js). Where the package would report an error, `Unsupported`.
 */

export interface BlockScalarHeader {
  /** The indentation indicator minus one, or -1 without one (the lexer's `blockScalarIndent`). */
  indent: number;
  keep: boolean;
  /** End of the header token (`|`, `>-`, `|2`…). */
  end: number;
}

/** The header at `at` (a `|` or `>`), as the lexer splits it off. */
export function blockScalarHeader(text: string, at: number): BlockScalarHeader {
  let indent = -1;
  let keep = false;
  let i = at;
  for (;;) {
    const ch = text[++i];
    if (ch === '+') {
      keep = true;
    } else if (ch !== undefined && ch > '0' && ch <= '9') {
      indent = Number(ch) - 1;
    } else if (ch !== '-') {
      break;
    }
  }
  let end = at;
  while (end < text.length && text[end] !== ' ' && text[end] !== '\n' && text[end] !== '\r' && text[end] !== '#') {
    end++;
  }
  return { indent, keep, end };
}

/**
 * Where the body of a block scalar starting at `pos` (the line after its header) ends, and the
 * lexer's next `indentNext`; `indentNext` is the lexer's value at the header.
 */
export function blockScalarEnd(text: string, pos: number, indentNext: number, header: BlockScalarHeader): { end: number; indentNext: number } {
  let nl = pos - 1;
  let indent = 0;
  let ch: string | undefined;
  loop: for (let i = pos; (ch = text[i]) !== undefined; ++i) {
    switch (ch) {
      case ' ':
        indent += 1;
        break;
      case '\n':
        nl = i;
        indent = 0;
        break;
      case '\r':
        if (text[i + 1] === '\n') {
          break;
        }
        break loop;
      default:
        break loop;
    }
  }
  if (indent >= indentNext) {
    indentNext = header.indent === -1 ? indent : header.indent + (indentNext === 0 ? 1 : indentNext);
    if (indentNext === 0) {
      unsupported('a block scalar at the document level');
    }
    do {
      const cs = continueScalar(text, nl + 1, indentNext);
      if (cs === -1) {
        break;
      }
      nl = text.indexOf('\n', cs);
    } while (nl !== -1);
    if (nl === -1) {
      nl = text.length;
    }
  }
  if (!header.keep) {
    for (;;) {
      let i = nl - 1;
      let c = text[i];
      if (c === '\r') {
        c = text[--i];
      }
      const lastChar = i;
      while (c === ' ') {
        c = text[--i];
      }
      if (c === '\n' && i >= pos && i + 1 + indent > lastChar) {
        nl = i;
      } else {
        break;
      }
    }
  }
  return { end: Math.min(nl + 1, text.length), indentNext };
}

/** The lexer's continueScalar for `indentNext > 0`: where the next line continues the scalar, or -1. */
function continueScalar(text: string, offset: number, indentNext: number): number {
  let ch = text[offset];
  let indent = 0;
  while (ch === ' ') {
    ch = text[++indent + offset];
  }
  if (ch === '\r' && text[indent + offset + 1] === '\n') {
    return offset + indent + 1;
  }
  return ch === '\n' || indent >= indentNext ? offset + indent : -1;
}

/** The value of a block scalar token (compose-scalar.js with resolve-block-scalar.js), never at the document root. */
export function composeBlockScalar(token: BlockScalarToken): Scalar {
  const start = token.offset;
  const header = parseHeader(token);
  const type = header.mode === '>' ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
  const lines = token.source ? splitLines(token.source) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = (lines[i] as [string, string])[1];
    if (content === '' || content === '\r') {
      chompStart = i;
    } else {
      break;
    }
  }
  const end = start + header.length + token.source.length;
  if (chompStart === 0) {
    const value = header.chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
    return scalar(value, type, header.comment, start, end);
  }
  let trimIndent = token.indent + header.indent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i] as [string, string];
    if (content === '' || content === '\r') {
      if (header.indent === 0 && indent.length > trimIndent) {
        trimIndent = indent.length;
      }
    } else {
      if (indent.length < trimIndent) {
        unsupported('a block scalar with more-indented leading empty lines and no indentation indicator');
      }
      if (header.indent === 0) {
        trimIndent = indent.length;
      }
      contentStart = i;
      if (trimIndent === 0) {
        unsupported('a block scalar that is not indented');
      }
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if ((lines[i] as [string, string])[0].length > trimIndent) {
      chompStart = i + 1;
    }
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) {
    value += (lines[i] as [string, string])[0].slice(trimIndent) + '\n';
  }
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, raw] = lines[i] as [string, string];
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (content && indent.length < trimIndent) {
      unsupported('a block scalar line less indented than the first');
    }
    if (type === Scalar.BLOCK_LITERAL) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      if (sep === ' ') {
        sep = '\n';
      } else if (!prevMoreIndented && sep === '\n') {
        sep = '\n\n';
      }
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') {
        value += '\n';
      } else {
        sep = '\n';
      }
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  switch (header.chomp) {
    case '-':
      break;
    case '+':
      for (let i = chompStart; i < lines.length; ++i) {
        value += '\n' + (lines[i] as [string, string])[0].slice(trimIndent);
      }
      if (value[value.length - 1] !== '\n') {
        value += '\n';
      }
      break;
    default:
      value += '\n';
  }
  return scalar(value, type, header.comment, start, end);
}

function scalar(value: string, type: Scalar.Type, comment: string, start: number, end: number): Scalar {
  const node = new FastScalar(value);
  setRange(node, start, end, end);
  node.source = value;
  node.type = type;
  if (comment) {
    node.comment = comment;
  }
  return node;
}

function parseHeader(token: BlockScalarToken): { mode: string; indent: number; chomp: string; comment: string; length: number } {
  const first = token.props[0];
  if (first?.type !== 'block-scalar-header') {
    return unsupported('a block scalar without its header');
  }
  const source = first.source;
  const mode = source[0] as string;
  let indent = 0;
  let chomp = '';
  for (let i = 1; i < source.length; ++i) {
    const ch = source[i] as string;
    if (!chomp && (ch === '-' || ch === '+')) {
      chomp = ch;
    } else {
      const n = Number(ch);
      if (!indent && n) {
        indent = n;
      } else {
        unsupported(`extra characters in a block scalar header: ${source}`);
      }
    }
  }
  let hasSpace = false;
  let comment = '';
  let length = source.length;
  for (let i = 1; i < token.props.length; ++i) {
    const t = token.props[i] as { type: string; source: string };
    switch (t.type) {
      case 'space':
        hasSpace = true;
        length += t.source.length;
        break;
      case 'newline':
        length += t.source.length;
        break;
      case 'comment':
        if (!hasSpace) {
          unsupported('a comment not separated by white space');
        }
        length += t.source.length;
        comment = t.source.substring(1);
        break;
      default:
        unsupported(`a ${t.type} token in a block scalar header`);
    }
  }
  return { mode, indent, chomp, comment, length };
}

/** The lines of a block scalar body as [indentation, content] (resolve-block-scalar.js splitLines). */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/);
  const first = split[0] as string;
  const m = /^( *)/.exec(first);
  const line0: [string, string] = m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first];
  const lines = [line0];
  for (let i = 1; i < split.length; i += 2) {
    lines.push([split[i] as string, split[i + 1] as string]);
  }
  return lines;
}
