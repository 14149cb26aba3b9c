import type { Document, Node } from 'yaml';
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';

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

export function parseFile(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  return {
    text,
    lineCounter,
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
