import type { Range } from '../types';
import { firstNonSpace, isSpaceCode } from './chars';
import { findHeredocMarkers, readHeredoc } from './heredoc';
import { scanJsonArray } from './json-form';
import { MappedText } from './mapped-text';
import { withMemo } from './memo';
import type { Comment, Directive, Flag, Heredoc, Instruction, JsonArg, ParsedDockerfile, Word } from './model';
import { nextWord, tokenizeWords } from './words';

const knownDirectives = new Set(['syntax', 'escape', 'check']);
const directiveRe = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(\S(?:.*\S)?)?[ \t]*$/;
const heredocKeywords = new Set(['RUN', 'COPY', 'ADD']);
/** Directive-looking lines longer than this are plain comments (keeps the regex linear in practice). */
const maxDirectiveLineLength = 4096;

/** Index of the escape character that continues this line, or -1. */
export function continuationIndex(line: string, escape: string): number {
  let k = line.length - 1;
  while (k >= 0 && (line[k] === ' ' || line[k] === '\t')) {
    k--;
  }
  return k >= 0 && line[k] === escape ? k : -1;
}

export function matchDirective(line: string): { name: string; value: string; valueStart: number } | undefined {
  if (line.length > maxDirectiveLineLength) {
    return undefined;
  }
  const m = directiveRe.exec(line);
  if (!m || !knownDirectives.has((m[1] ?? '').toLowerCase())) {
    return undefined;
  }
  const value = m[2] ?? '';
  const valueStart = value === '' ? line.length : line.indexOf(value, line.indexOf('=') + 1);
  return { name: (m[1] ?? '').toLowerCase(), value, valueStart };
}

/** `text.split(/\r?\n/)` without a regular expression. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
    lines.push(text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
    start = nl + 1;
  }
  lines.push(text.slice(start));
  return lines;
}

/** Parses a Dockerfile. Never throws; every node keeps its exact source range. */
export function parseDockerfile(input: string): ParsedDockerfile {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = splitLines(text);
  const directives: Directive[] = [];
  const comments: Comment[] = [];
  const instructions: Instruction[] = [];
  let escape = '\\';

  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const d = matchDirective(line);
    if (!d) {
      break;
    }
    const lineNo = i + 1;
    directives.push({
      name: d.name,
      value: d.value,
      line: lineNo,
      range: { start: { line: lineNo, column: 1 }, end: { line: lineNo, column: line.length + 1 } },
      valueRange: { start: { line: lineNo, column: d.valueStart + 1 }, end: { line: lineNo, column: d.valueStart + Math.max(1, d.value.length) + 1 } },
    });
    if (d.name === 'escape' && (d.value === '`' || d.value === '\\') && !directives.slice(0, -1).some((x) => x.name === 'escape')) {
      escape = d.value;
    }
  }

  while (i < lines.length) {
    const line = lines[i] ?? '';
    const ws = firstNonSpace(line);
    if (ws >= line.length) {
      i++;
      continue;
    }
    if (line[ws] === '#') {
      comments.push(commentAt(line, i + 1, ws, false));
      i++;
      continue;
    }
    // An instruction: join its continuation lines.
    const parts: { text: string; line: number; column: number }[] = [];
    const emptyLines: number[] = [];
    let j = i;
    let startCol = ws;
    for (;;) {
      const l = lines[j] ?? '';
      const content = l.slice(startCol);
      const cont = continuationIndex(content, escape);
      if (cont < 0) {
        parts.push({ text: content, line: j + 1, column: startCol + 1 });
        j++;
        break;
      }
      parts.push({ text: content.slice(0, cont), line: j + 1, column: startCol + 1 });
      j++;
      const pendingEmpty: number[] = [];
      while (j < lines.length) {
        const next = lines[j] ?? '';
        const nws = firstNonSpace(next);
        if (nws >= next.length) {
          pendingEmpty.push(j + 1);
          j++;
        } else if (next[nws] === '#') {
          comments.push(commentAt(next, j + 1, nws, true));
          j++;
        } else {
          break;
        }
      }
      if (j >= lines.length) {
        break;
      }
      emptyLines.push(...pendingEmpty);
      startCol = 0;
    }
    const built = buildInstruction(keywordAndArgs(parts), lines, j, escape);
    const instr = built.instruction;
    const lastPartLine = parts[parts.length - 1]?.line ?? i + 1;
    const lastLine = (instr.trigger ?? instr).heredocs.length > 0 ? Math.max(built.nextLine, lastPartLine) : lastPartLine;
    instr.emptyContinuationLines = emptyLines;
    finishRange(instr, lines, i + 1, ws + 1, lastLine);
    instructions.push(instr);
    i = Math.max(j, built.nextLine);
  }
  return { lines, escape, directives, comments, instructions };
}

function commentAt(line: string, lineNo: number, ws: number, inContinuation: boolean): Comment {
  return {
    text: line.slice(ws + 1).trim(),
    line: lineNo,
    range: { start: { line: lineNo, column: ws + 1 }, end: { line: lineNo, column: line.length + 1 } },
    inContinuation,
  };
}

function finishRange(instr: Instruction, lines: string[], startLine: number, startColumn: number, endLine: number): void {
  instr.startLine = startLine;
  instr.endLine = endLine;
  instr.range = { start: { line: startLine, column: startColumn }, end: { line: endLine, column: (lines[endLine - 1] ?? '').length + 1 } };
  if (instr.range.end.line === startLine && instr.range.end.column <= startColumn) {
    instr.range.end.column = startColumn + 1;
  }
  if (instr.trigger) {
    instr.trigger.startLine = startLine;
    instr.trigger.endLine = endLine;
    instr.trigger.range = { start: instr.trigger.keywordRange.start, end: instr.range.end };
  }
}

/** An instruction whose words are tokenized on first use (RUN bodies rarely need them). */
class ParsedInstruction implements Instruction {
  startLine = 0;
  endLine = 0;
  flags: Flag[] = [];
  argsStart = 0;
  json?: JsonArg[];
  heredocs: Heredoc[] = [];
  trigger?: Instruction;
  emptyContinuationLines: number[] = [];
  private cachedWords: Word[] | undefined;

  constructor(
    readonly keyword: string,
    readonly keywordRaw: string,
    readonly keywordRange: Range,
    public range: Range,
    readonly args: MappedText,
    private readonly escape: string,
  ) {
    withMemo(this);
  }

  get words(): Word[] {
    return (this.cachedWords ??= tokenizeWords(this.args, this.argsStart, this.escape));
  }

  set words(value: Word[]) {
    this.cachedWords = value;
  }
}

/** An instruction's keyword and the text after it. */
interface KeywordAndArgs {
  keywordRaw: string;
  keywordRange: Range;
  args: MappedText;
}

function keywordEnd(t: string): number {
  let kwEnd = 0;
  while (kwEnd < t.length && !isSpaceCode(t.charCodeAt(kwEnd))) {
    kwEnd++;
  }
  return kwEnd;
}

/** toUpperCase without making a new string when the keyword is written in capitals already (nearly always). */
function upperCase(keyword: string): string {
  for (let k = 0; k < keyword.length; k++) {
    const code = keyword.charCodeAt(k);
    if (code < 65 || code > 90) {
      return keyword.toUpperCase();
    }
  }
  return keyword;
}

/** Splits the keyword off a joined logical line. */
function splitKeyword(logical: MappedText): KeywordAndArgs {
  const kwEnd = keywordEnd(logical.text);
  return { keywordRaw: logical.text.slice(0, kwEnd), keywordRange: logical.range(0, Math.max(1, kwEnd)), args: logical.slice(kwEnd) };
}

/** splitKeyword of the parts joined, without joining them first where the keyword ends inside the first part (nearly always). */
function keywordAndArgs(parts: readonly { text: string; line: number; column: number }[]): KeywordAndArgs {
  const first = parts[0] as { text: string; line: number; column: number };
  const kwEnd = keywordEnd(first.text);
  if (kwEnd === 0 || kwEnd >= first.text.length) {
    return splitKeyword(MappedText.build(parts));
  }
  const keywordRange = { start: { line: first.line, column: first.column }, end: { line: first.line, column: first.column + kwEnd } };
  return { keywordRaw: first.text.slice(0, kwEnd), keywordRange, args: MappedText.build(parts, kwEnd) };
}

/**
 * Builds an instruction from its keyword and arguments; heredoc bodies are read from `lines` starting at
 * index `nextLine`. Returns the index of the first line after the instruction. A trigger's range is given.
 */
function buildInstruction(split: KeywordAndArgs, lines: string[], nextLine: number, escape: string, triggerRange?: Range): { instruction: Instruction; nextLine: number } {
  const { keywordRaw, keywordRange, args } = split;
  const keyword = upperCase(keywordRaw);
  // finishRange replaces a top-level instruction's range with one that covers its heredocs.
  const instr = new ParsedInstruction(keyword, keywordRaw, keywordRange, triggerRange ?? keywordRange, args, escape);
  let next = nextLine;
  if (keyword === 'ONBUILD') {
    const ws = firstNonSpace(args.text);
    instr.argsStart = ws;
    instr.words = tokenizeWords(args, ws, escape);
    if (ws < args.text.length) {
      const logical = args.slice(ws);
      const inner = buildInstruction(splitKeyword(logical), lines, nextLine, escape, logical.range(0, logical.text.length));
      instr.trigger = inner.instruction;
      next = inner.nextLine;
    }
    return { instruction: instr, nextLine: next };
  }
  // Flags are the leading `--` words; the other words are tokenized only when a rule asks for them.
  let pos = 0;
  let wordStart = skipSpaces(args.text, pos);
  while (args.text.startsWith('--', wordStart)) {
    const w = nextWord(args, pos, escape) as Word;
    instr.flags.push(toFlag(w, args));
    pos = w.end;
    wordStart = skipSpaces(args.text, pos);
  }
  instr.argsStart = Math.min(wordStart, pos + 100_000);
  instr.json = scanJsonArray(args, instr.argsStart);
  if (heredocKeywords.has(keyword) && !instr.json) {
    const markers = findHeredocMarkers(args.text, instr.argsStart, escape);
    for (const m of markers) {
      const doc = readHeredoc(m, args, lines, next);
      instr.heredocs.push(doc.heredoc);
      next = doc.nextLine;
    }
  }
  return { instruction: instr, nextLine: next };
}

function skipSpaces(t: string, from: number): number {
  let k = from;
  while (k < t.length && isSpaceCode(t.charCodeAt(k))) {
    k++;
  }
  return k;
}

function toFlag(word: Word, args: MappedText): Flag {
  const body = word.raw.slice(2);
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const flag: Flag = {
    name,
    raw: word.raw,
    range: word.range,
    nameRange: args.range(word.start, word.start + 2 + Math.max(1, name.length)),
  };
  if (eq >= 0) {
    const vStart = word.start + 2 + eq + 1;
    flag.value = word.value.slice(word.value.indexOf('=') + 1);
    flag.valueRange = args.range(vStart, Math.max(vStart + 1, word.end));
  }
  return flag;
}
