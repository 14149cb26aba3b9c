import * as fc from 'fast-check';

/** One edit of a text; positions are fractions so a mutation applies to a text of any length. */
export type Mutation =
  | { kind: 'delete-line' | 'duplicate-line' | 'crlf-line' | 'continue-line'; at: number }
  | { kind: 'swap-lines'; at: number; other: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'huge-token'; at: number; char: string; length: number }
  | { kind: 'bom' };

const frac = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Any UTF-16 code unit: lone surrogates stand in for invalid UTF-8 decoded loosely. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const junk = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('"', "'", '[', ']', '{', '}', '${', '$(', '`', '\\', '\r', '\n', '\r\n', '\t', '#', '<<', '<<EOF\n', '--', '=', ' \\\n', '\u2028', '\uFEFF', '\u00a0', '\x00', '\ufffd', '\ud800', 'FROM ', 'RUN ', 'ONBUILD '),
);

/** Mutations; `maxHuge` bounds the length of inserted huge tokens. */
export function mutationArb(maxHuge = 20_000): fc.Arbitrary<Mutation> {
  return fc.oneof(
  fc.record({ kind: fc.constantFrom<'delete-line' | 'duplicate-line' | 'crlf-line' | 'continue-line'>('delete-line', 'duplicate-line', 'crlf-line', 'continue-line'), at: frac }),
  fc.record({ kind: fc.constant<'swap-lines'>('swap-lines'), at: frac, other: frac }),
  { arbitrary: fc.record({ kind: fc.constant<'insert'>('insert'), at: frac, text: junk }), weight: 3 },
  fc.record({ kind: fc.constant<'truncate'>('truncate'), at: frac }),
  fc.record({ kind: fc.constant<'huge-token'>('huge-token'), at: frac, char: fc.constantFrom('a', '"', '[', '\\', '$', ' ', '-', '9', '{'), length: fc.integer({ min: Math.min(1_000, maxHuge), max: maxHuge }) }),
  fc.constant<Mutation>({ kind: 'bom' }),
  );
}

function index(fraction: number, length: number): number {
  return Math.min(length, Math.floor(fraction * (length + 1)));
}

export function applyMutation(text: string, m: Mutation): string {
  if (m.kind === 'insert' || m.kind === 'truncate' || m.kind === 'huge-token') {
    const at = index(m.at, text.length);
    if (m.kind === 'truncate') {
      return text.slice(0, at);
    }
    const piece = m.kind === 'insert' ? m.text : m.char.repeat(m.length);
    return text.slice(0, at) + piece + text.slice(at);
  }
  if (m.kind === 'bom') {
    return `\uFEFF${text}`;
  }
  const lines = text.split('\n');
  const k = Math.min(lines.length - 1, index(m.at, lines.length - 1));
  const line = lines[k] ?? '';
  switch (m.kind) {
    case 'delete-line':
      lines.splice(k, 1);
      break;
    case 'duplicate-line':
      lines.splice(k, 0, line);
      break;
    case 'crlf-line':
      lines[k] = line.endsWith('\r') ? line.slice(0, -1) : `${line}\r`;
      break;
    case 'continue-line':
      lines[k] = `${line} \\`;
      break;
    case 'swap-lines': {
      const j = Math.min(lines.length - 1, index(m.other, lines.length - 1));
      lines[k] = lines[j] ?? '';
      lines[j] = line;
      break;
    }
  }
  return lines.join('\n');
}

/** A text with 0–`maxMutations` mutations applied in order. */
export function mutated(base: fc.Arbitrary<string>, maxMutations = 5, maxHuge = 20_000): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(mutationArb(maxHuge), { maxLength: maxMutations })).map(([text, ms]) => ms.reduce(applyMutation, text));
}
