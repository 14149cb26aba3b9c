import type { Range } from '../types';
import type { MappedText } from './mapped-text';

export interface Directive {
  /** Lower-case name: `syntax`, `escape` or `check`. */
  name: string;
  value: string;
  line: number;
  range: Range;
  valueRange: Range;
}

export interface Comment {
  /** Text after `#`, trimmed. */
  text: string;
  line: number;
  range: Range;
  /** The comment sits inside a continued instruction. */
  inContinuation: boolean;
}

/** A whitespace-separated argument: quotes removed and escapes processed in `value`. */
export interface Word {
  raw: string;
  value: string;
  /** Offsets in the instruction's `args` text. */
  start: number;
  end: number;
  range: Range;
  /** A quote opened in this word is never closed. */
  unterminatedQuote?: boolean;
}

export interface Flag {
  /** Without the leading `--`. */
  name: string;
  value?: string;
  raw: string;
  range: Range;
  nameRange: Range;
  valueRange?: Range;
}

export interface JsonArg {
  value: string;
  range: Range;
  /** Offsets of the string, quotes included, in the instruction's `args` text. */
  start: number;
  end: number;
}

export interface Heredoc {
  name: string;
  stripTabs: boolean;
  quoted: boolean;
  markerRange: Range;
  /** The body lines (tabs stripped for `<<-`), joined with `\n`, mapped to the source. */
  body: MappedText;
  terminated: boolean;
  /** Last line of the heredoc (the terminator, or the last line of the file). */
  endLine: number;
}

export interface Instruction {
  /** Upper-case keyword. */
  keyword: string;
  keywordRaw: string;
  keywordRange: Range;
  /** From the keyword to the end of the last line (continuations and heredocs included). */
  range: Range;
  startLine: number;
  endLine: number;
  /** Everything after the keyword, continuations joined, comment lines dropped. */
  args: MappedText;
  flags: Flag[];
  /** Offset in `args.text` where the arguments after the flags begin. */
  argsStart: number;
  /** Words after the flags. */
  words: Word[];
  /** Exec (JSON) form arguments, when the arguments are a JSON array of strings. */
  json?: JsonArg[];
  heredocs: Heredoc[];
  /** The trigger instruction of an ONBUILD. */
  trigger?: Instruction;
  /** Lines inside the continuation that are blank. */
  emptyContinuationLines: number[];
}

export interface ParsedDockerfile {
  /** Source lines without line terminators (a leading BOM removed). */
  lines: string[];
  escape: string;
  directives: Directive[];
  comments: Comment[];
  instructions: Instruction[];
}
