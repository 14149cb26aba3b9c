import type { Document, Node } from 'yaml';
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { withQuotedContinuationsIndented } from './quoted-continuations';

/** One YAML document of a file, with the apiVersion/kind it declares (when it does). */
export interface ManifestDocument {
  doc: Document.Parsed;
  /** Offsets [start, end) of the document in the file. */
  start: number;
  end: number;
  apiVersion?: string;
  kind?: string;
}

export interface ParsedFile {
  text: string;
  lineCounter: LineCounter;
  /** Set when `text` is the input with spaces put in (parseFile's `lenient`): the input's offset of an offset in `text`. */
  toSource?: (offset: number) => number;
  documents: ManifestDocument[];
}

/** The string value of `key` in a mapping node (undefined for anything else). */
export function mapString(node: unknown, key: string): string | undefined {
  if (!isMap(node)) {
    return undefined;
  }
  const v = node.get(key, true) as Node | undefined;
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

export function rootString(doc: Document.Parsed, key: string): string | undefined {
  return mapString(doc.contents, key);
}

function readDocuments(text: string): { lineCounter: LineCounter; docs: Document.Parsed[] | undefined } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  return { lineCounter, docs: Array.isArray(docs) ? docs : undefined };
}

/**
 * `lenient`: PyYAML's long quoted strings, continued at their key's indentation, read as kubectl reads them (as
 * parseYaml does); offsets are then in the indented text, and `toSource` maps them back.
 */
export function parseFile(source: string, lenient = false): ParsedFile {
  let text = source;
  let { lineCounter, docs: list = [] } = readDocuments(text);
  let toSource: ((offset: number) => number) | undefined;
  let counted: LineCounter | undefined;
  const indented = lenient
    ? withQuotedContinuationsIndented(text, list, (again) => {
        const read = readDocuments(again);
        counted = read.lineCounter;
        return read.docs;
      })
    : undefined;
  if (indented && counted) {
    ({ text, parsed: list, toSource } = indented);
    lineCounter = counted;
  }
  return {
    text,
    lineCounter,
    ...(toSource ? { toSource } : {}),
    documents: list.map((doc) => ({
      doc,
      start: doc.range[0],
      end: doc.range[2],
      apiVersion: rootString(doc, 'apiVersion'),
      kind: rootString(doc, 'kind'),
    })),
  };
}

/** Compose files are recognised by name (compose.yaml, docker-compose.override.yml, …). */
export function isComposeFile(fileName: string): boolean {
  return /(^|[\\/])(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(fileName);
}
