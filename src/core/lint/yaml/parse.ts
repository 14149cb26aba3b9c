import type { Document, Node, ParsedNode } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { InputProblem, Range } from '../types';
import { fastParseAllDocuments, fastParseOptions, maxFastDepth, type FastDocuments } from './fast-parse';
import { keyIdentity } from './fast-parse-keys';
import { startOf, valueEndOf } from '../../schemas/node-range';
import { measureExpansion } from './limits';
import { withQuotedContinuationsIndented } from '../../schemas/quoted-continuations';

/** Inputs larger than this are refused with a clear problem instead of being parsed. */
export const maxYamlChars = 16 * 1024 * 1024;
/** A document whose alias expansion would exceed this many nodes is not analysed (billion laughs). */
export const maxExpandedNodes = 200_000;
/** Nesting deeper than this is refused (parsers and rules recurse). */
export const maxNestingDepth = 500;

/**
 * Offsets → 1-based positions, with lines split on `\n` only (a `\r` before it belongs to the line).
 * Built from the text, not from the yaml package's LineCounter, which skips or repeats line breaks
 * on some malformed input.
 */
export class LineIndex {
  /** Where each line starts (0-based offsets), exactly one entry per line: files are kept until the cross-file pass. */
  readonly lineStarts: Uint32Array;

  constructor(text: string) {
    let count = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      count++;
    }
    const starts = new Uint32Array(count);
    let line = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      starts[line++] = at + 1;
    }
    this.lineStarts = starts;
  }

  linePos(offset: number): { line: number; col: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }
}

/** A YAML syntax problem at an exact range (parse error, duplicate key, tab indentation). */
export interface YamlIssue {
  range: Range;
  message: string;
  code: string;
}

/** One document of a (possibly multi-document) YAML file. */
export interface YamlDocument {
  /** 0-based index in the file. */
  index: number;
  doc: Document.Parsed;
  /** Source offsets [start, end) of the document, including its `---` marker. */
  offsets: [number, number];
  /** 1-based first and last line of the document's content. */
  startLine: number;
  endLine: number;
  issues: YamlIssue[];
  /** Anchored nodes by name (the last definition wins), for resolving aliases without a document walk. */
  anchors: ReadonlyMap<string, Node>;
  /** Why the document is not analysed (Helm template, alias bomb); undefined when it is. */
  skipped?: string;
}

export interface YamlFile {
  text: string;
  lineCounter: LineIndex;
  documents: YamlDocument[];
  /** Problems with the input as a whole; when present, `documents` is empty. */
  problems: InputProblem[];
  /** The text split on `\n` (a `\r` stays at the end of its line); split on first use. */
  readonly lines: string[];
}

/** A YamlFile whose lines are split on first read (most files never need them). */
class ParsedYamlFile implements YamlFile {
  readonly documents: YamlDocument[] = [];
  readonly problems: InputProblem[] = [];
  private splitLines: string[] | undefined;

  constructor(
    readonly text: string,
    readonly lineCounter: LineIndex,
  ) {}

  get lines(): string[] {
    this.splitLines ??= this.text.split('\n');
    return this.splitLines;
  }
}

/** Helm's objects, functions and control words, trim markers, variables and pipelines inside an action. */
const helmAction = /\{\{-|-\}\}|\.(?:Values|Release|Chart|Capabilities|Template|Files)\b|\b(?:include|template|tpl|toYaml|toJson|required|default|quote|indent|nindent|if|else|end|range|with|define|block|printf|lookup)\b|\$|\|/;

/** The same inside a quoted string, where Kubeflow Pipelines writes `{{$.inputs.parameters['x']}}`: `$.` alone is no Helm variable there. */
const helmActionQuoted = /\{\{-|-\}\}|\.(?:Values|Release|Chart|Capabilities|Template|Files)\b|\b(?:include|template|tpl|toYaml|toJson|required|default|quote|indent|nindent|if|else|end|range|with|define|block|printf|lookup)\b|\$(?!\.)|\|/;

/** Whether offset `at` of the line lies inside a single- or double-quoted scalar that starts on it. */
function insideQuotes(line: string, at: number): boolean {
  let quote = '';
  for (let k = 0; k < at; k++) {
    const c = line[k];
    if (quote === '"' && c === '\\') {
      k++;
    } else if (quote !== '' && c === quote) {
      quote = quote === "'" && line[k + 1] === "'" ? (k++, "'") : '';
    } else if (quote === '' && (c === '"' || c === "'") && (k === 0 || /[\s:[{,-]/.test(line[k - 1] as string))) {
      quote = c;
    }
  }
  return quote !== '';
}

/**
 * Whether the `{{` at `at` starts a template action: at the start of a line or a value (YAML cannot
 * read it there), left open, or using Helm's syntax. A plain field reference inside a string
 * (`--served-model-name={{.Name}}` in a KServe ServingRuntime, Argo's `"echo was: {{inputs.parameters.x}}"`,
 * Kubeflow Pipelines' `'{{$.inputs.parameters['x']}}'`) is a placeholder another program fills in, in valid YAML.
 */
function startsTemplateAction(line: string, at: number, declared: ReadonlySet<string>): boolean {
  const quoted = insideQuotes(line, at);
  const before = line.slice(0, at);
  // A value starts after `key: ` (a colon then a space); `repo/x:{{tag}}` is one plain scalar.
  if (!quoted && (/^\s*(?:-\s+)*$/.test(before) || /:\s+$/.test(before))) {
    return true;
  }
  const close = line.indexOf('}}', at);
  if (close < 0) {
    return true;
  }
  const action = line.slice(at, close + 2);
  return !usesUndeclaredVariable(action, declared) && (quoted ? helmActionQuoted : helmAction).test(action);
}

/** `$name :=` and `range $key, $name :=`: the variables a Go template declares. */
const variableDeclaration = /\$([A-Za-z_]\w*)\s*(?:,\s*\$([A-Za-z_]\w*)\s*)?:=/g;
const variableReference = /\$([A-Za-z_]\w*)/g;

function declaredVariables(source: string): Set<string> {
  const names = new Set<string>();
  if (source.includes(':=')) {
    for (const m of source.matchAll(variableDeclaration)) {
      names.add(m[1] as string);
      if (m[2] !== undefined) {
        names.add(m[2]);
      }
    }
  }
  return names;
}

/**
 * The action reads a `$name` the file never declares. Helm refuses to render such a template ("undefined
 * variable"), so the action is another program's, in a string it passes on: Prometheus alerting rules'
 * `{{ $labels.pod }}` and `{{ $value | humanizePercentage }}`, which a chart has to escape.
 */
function usesUndeclaredVariable(action: string, declared: ReadonlySet<string>): boolean {
  for (const m of action.replace(stringLiteral, '""').matchAll(variableReference)) {
    if (!declared.has(m[1] as string)) {
      return true;
    }
  }
  return false;
}

/** A line whose value is a literal or folded block scalar (`script: |`, `- >-`, `run: |2 # comment`). */
const blockScalarHeader = /(?:^\s*(?:-\s+)*|:\s+)[|>][-+1-9]{0,2}\s*(?:#.*)?$/;

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** The indentation a block scalar's lines must exceed: its key's column (`- script: |` → 2), else the line's. */
function blockScalarParent(line: string): number {
  const entries = /^\s*(?:-\s+)*/.exec(line)?.[0].length ?? 0;
  return line.includes(':') && entries < line.length && !/^[|>]/.test(line.slice(entries)) ? entries : indentOf(line);
}

/**
 * What only Helm (Go templates) writes in an action: its objects and functions, a control word or a comment
 * opening the action, `$` variables, `:=`. Jinja shares the trim markers, pipes and `default` filter
 * (`{{- message['content'] | trim }}` in a chat template), Argo and Kubeflow Pipelines write plain field paths.
 */
const helmOnlyAction = /\.(?:Values|Release|Chart|Capabilities|Template|Files)\b|\b(?:include|tpl|toYaml|toJson|fromYaml|nindent|required|lookup|printf)\b|\bindent\s+\d|^\{\{-?\s*(?:(?:if|else|end|range|with|define|block|template)\b(?!\s*\()|\/\*)|\$(?!\.)|:=/;

/** A Go template comment (an action opening with a slash and a star): whatever it mentions, it is Helm's. */
const goComment = /^\{\{-?\s*\/\*/;

/** String literals in an action (Go's "…" and `…`, Jinja's '…' and "…"), emptied: their words are text (`raise_exception('… is required')`). */
const stringLiteral = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

/** Inside a block scalar every character is text (an Argo script, a Jinja file in a ConfigMap): only Helm's own syntax makes `{{` an action there. */
function blockTextHasHelmAction(line: string, declared: ReadonlySet<string>): boolean {
  for (let at = line.indexOf('{{'); at >= 0; at = line.indexOf('{{', at + 2)) {
    const close = line.indexOf('}}', at);
    const action = line.slice(at, close < 0 ? undefined : close + 2).replace(stringLiteral, '""');
    if (goComment.test(action) || (!usesUndeclaredVariable(action, declared) && helmOnlyAction.test(action))) {
      return true;
    }
  }
  return false;
}

/** A Helm (or other Go) template, not YAML until rendered (§1.5): a template action outside comments. */
export function looksTemplated(source: string, declared: ReadonlySet<string> = declaredVariables(source)): boolean {
  if (!source.includes('{{')) {
    return false;
  }
  // The indentation of the line that opened the block scalar being read; -1 outside one.
  let blockParent = -1;
  return source.split('\n').some((line) => {
    if (blockParent >= 0) {
      if (line.trim() === '' || indentOf(line) > blockParent) {
        return line.includes('{{') && blockTextHasHelmAction(line, declared);
      }
      blockParent = -1;
    }
    const hash = line.search(/(?:^|\s)#/);
    for (let at = line.indexOf('{{'); at >= 0 && (hash < 0 || at < hash); at = line.indexOf('{{', at + 2)) {
      if (startsTemplateAction(line, at, declared)) {
        return true;
      }
    }
    if (blockScalarHeader.test(line) && !insideQuotes(line, line.length)) {
      blockParent = blockScalarParent(line);
    }
    return false;
  });
}

/** The anchors of every document without any (most of them; one map, as the file trees are kept). */
const noAnchors: ReadonlyMap<string, Node> = new Map();

function readAgain(text: string): Document.Parsed[] | undefined {
  const docs = parseAllDocuments(text, { ...fastParseOptions });
  return Array.isArray(docs) ? docs : undefined;
}

/**
 * Parses YAML text into documents with exact ranges. Pure; never throws. The file's `text` is the input, or the input
 * with PyYAML-style continuation lines of quoted values indented (withQuotedContinuationsIndented): same lines, and
 * columns moved on those lines only.
 */
export function parseYaml(source: string): YamlFile {
  let text = source;
  const empty = (message: string): YamlFile => ({ text, lineCounter: new LineIndex(''), documents: [], problems: [{ message }], lines: [] });
  if (text.length > maxYamlChars) {
    return empty(`the file has ${text.length} characters, more than the ${maxYamlChars} a YAML file may have here; not linted`);
  }
  if (text.includes('\0')) {
    return empty('the file contains NUL bytes: binary content, not YAML; not linted');
  }
  let parsed;
  let fast: FastDocuments | undefined;
  try {
    fast = fastParseAllDocuments(text);
    parsed = fast?.documents ?? parseAllDocuments(text, { ...fastParseOptions });
    const lenient = fast === undefined && Array.isArray(parsed) ? withQuotedContinuationsIndented(text, parsed, readAgain) : undefined;
    if (lenient) {
      ({ text, parsed } = lenient);
    }
  } catch (e) {
    const why = e instanceof RangeError ? 'the YAML is nested too deeply to parse' : `the YAML parser failed: ${e instanceof Error ? e.message : String(e)}`;
    return empty(`${why}; not linted`);
  }
  const lineCounter = new LineIndex(text);
  const file = new ParsedYamlFile(text, lineCounter);
  const docs = Array.isArray(parsed) ? parsed : [];
  // A stream with only comments or directives still yields its errors through EmptyStream.
  const streamErrors = Array.isArray(parsed) ? [] : ((parsed as { errors?: { message: string }[] }).errors ?? []);
  if (streamErrors.length > 0) {
    file.problems.push({ message: `not valid YAML: ${streamErrors[0]?.message ?? 'parse error'}` });
  }
  const pos = (offset: number) => {
    const p = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: p.line, column: p.col };
  };
  let declared: ReadonlySet<string> | undefined;
  docs.forEach((doc, index) => {
    const [start, , end] = doc.range;
    const startLine = pos(start).line;
    const endLine = pos(Math.max(start, end - 1)).line;
    const yd: YamlDocument = { index, doc, offsets: [start, end], startLine, endLine, issues: [], anchors: noAnchors };
    const source = text.slice(start, end);
    // A Go template's variables reach across `---`: a range opened in one document declares them for the next.
    if (source.includes('{{') && looksTemplated(source, (declared ??= declaredVariables(text)))) {
      yd.skipped = 'a template (it contains "{{"): not YAML until rendered; lint the output of `helm template` instead';
      file.documents.push(yd);
      return;
    }
    for (const err of [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAB_AS_INDENT')]) {
      yd.issues.push({ range: issueRange(file.lines, pos(err.pos[0]), err.pos[1] - err.pos[0]), message: err.message.split('\n')[0] ?? err.message, code: err.code });
    }
    for (const at of fast?.duplicateKeys?.[index] ?? duplicateKeys(doc.contents)) {
      yd.issues.push({ range: issueRange(file.lines, pos(at[0]), at[1] - at[0]), message: 'Map keys must be unique', code: 'DUPLICATE_KEY' });
    }
    yd.issues.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.column - y.range.start.column);
    if (fast !== undefined && maxFastDepth < maxNestingDepth) {
      // No anchors, no aliases and shallower nesting: nothing for measureExpansion to find.
      file.documents.push(yd);
      return;
    }
    const measured = measureExpansion(doc.contents, maxExpandedNodes, maxNestingDepth);
    yd.anchors = measured.anchors;
    if (measured.problem !== undefined) {
      yd.skipped = measured.problem;
    }
    file.documents.push(yd);
  });
  return file;
}

/**
 * A one-line, non-empty range for a parser error at `start`: the token there (a duplicate key, a
 * stray character), or, at the end of a line or in trailing blank lines, the last character before it.
 */
function issueRange(lines: readonly string[], start: { line: number; column: number }, length: number): Range {
  let line = start.line;
  let column = start.column;
  const text = (n: number) => (lines[n - 1] ?? '').replace(/\r$/, '');
  if (column > text(line).length) {
    const from = line;
    while (line > 1 && text(line).length === 0) {
      line--;
    }
    const len = text(line).length;
    if (len === 0) {
      // Only blank lines before the error: point at the first line break.
      return { start: { line: 1, column: 1 }, end: { line: 2, column: 1 } };
    }
    column = line === from ? Math.min(column, len) : len;
    return { start: { line, column }, end: { line, column: column + 1 } };
  }
  const rest = text(line).slice(column - 1);
  const token = /^[^\s:,[\]{}#]+/.exec(rest)?.[0].length ?? 0;
  const width = Math.max(1, Math.min(rest.length, Math.max(length, token)));
  return { start: { line, column }, end: { line, column: column + width } };
}

/**
 * Source offsets of mapping keys that repeat an earlier scalar key of the same mapping. Linear (a Set
 * per mapping): the yaml package's own uniqueKeys check compares every pair, which hangs on huge maps.
 */
function duplicateKeys(root: unknown): [number, number][] {
  const out: [number, number][] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (depth > maxNestingDepth) {
      continue;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        const id = isScalar(key) ? keyIdentity(key) : undefined;
        if (id !== undefined) {
          const start = seen.has(id) ? startOf(key) : undefined;
          const valueEnd = valueEndOf(key);
          if (start !== undefined && valueEnd !== undefined) {
            out.push([start, valueEnd]);
          }
          seen.add(id);
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return out;
}

/** The 1-based range of a node's source text (value only, without trailing comments). */
export function nodeRange(file: YamlFile, node: Node | ParsedNode | null | undefined): Range | undefined {
  const start = startOf(node);
  const valueEnd = valueEndOf(node);
  if (start === undefined || valueEnd === undefined) {
    return undefined;
  }
  const len = file.text.length;
  let a = Math.max(0, Math.min(start, len));
  let b = Math.min(Math.max(valueEnd, a + 1), len);
  if (b <= a) {
    if (a === 0) {
      return undefined;
    }
    a -= 1;
    b = a + 1;
  }
  const s = file.lineCounter.linePos(a);
  const e = file.lineCounter.linePos(b);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}

/** A node's range clipped to its first line (block maps and sequences span many lines; findings should not). */
export function firstLineRange(file: YamlFile, node: Node | null | undefined): Range | undefined {
  const r = nodeRange(file, node);
  if (!r) {
    return undefined;
  }
  if (r.end.line === r.start.line) {
    return r;
  }
  const line = (file.lines[r.start.line - 1] ?? '').replace(/\r$/, '');
  const rest = line.slice(r.start.column - 1);
  const trimmed = rest.replace(/\s+#.*$/, '').replace(/\s+$/, '');
  return { start: r.start, end: { line: r.start.line, column: r.start.column + Math.max(1, trimmed.length) } };
}

export { isAlias, isMap, isPair, isScalar, isSeq };
