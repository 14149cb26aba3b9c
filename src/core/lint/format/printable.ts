import { memoByString } from '../string-memo';

/**
 * Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts sequences that
 * clear the screen, set the title or write the clipboard), DEL, and the bidirectional overrides that
 * reorder what is shown ("Trojan Source"). Linted files, their names and the values quoted in
 * messages come from the repository, so text output must not pass them to the terminal as they are.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsafeInLine = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const unsafeInLines = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code === 10 ? '\\n' : code === 13 ? '\\r' : code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/** One line of text output: every control character, line breaks included, written as an escape (`\x1b`, `\n`). */
export const printableLine = memoByString((text: string): string => text.replace(unsafeInLine, escape), 4096);

/** Text that may span lines (messages on standard error): as printableLine, but line breaks stay. */
export function printableLines(text: string): string {
  return text.replace(unsafeInLines, escape);
}
