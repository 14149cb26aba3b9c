import { isComposeFile } from './documents';
import type { SchemaStore } from './store';
import type { SchemaDiagnostic } from './types';
import { validateText } from './validate';

/** `---` at column 0 always starts a YAML document (block scalar content is indented), and aliases never cross documents. */
const documentMarker = /^---(?=[ \t\r\n]|$)/gm;

/** The file cut at its document markers: [start, text] per piece, each a complete YAML stream on its own. */
export function splitDocuments(text: string): [number, string][] {
  if (/^%/m.test(text)) {
    return [[0, text]]; // directives belong to the next document: keep such files whole
  }
  const starts = [0];
  for (let m = documentMarker.exec(text); m; m = documentMarker.exec(text)) {
    if (m.index > 0) {
      starts.push(m.index);
    }
  }
  documentMarker.lastIndex = 0;
  return starts.map((s, i) => [s, text.slice(s, starts[i + 1] ?? text.length)]);
}

/**
 * Schema validation that re-parses only the documents whose text changed since the last run: an edit
 * in a 2,000-line multi-document manifest re-validates one document, not forty.
 */
export class IncrementalValidator {
  private readonly cache = new Map<string, SchemaDiagnostic[]>();
  private store: SchemaStore | undefined;

  constructor(private readonly capacity = 4000) {}

  validate(text: string, fileName: string, store: SchemaStore, version: string): SchemaDiagnostic[] {
    if (store !== this.store) {
      this.cache.clear(); // other schemas (e.g. the cluster's CRDs arrived): every verdict may change
      this.store = store;
    }
    const context = `${version}\0${isComposeFile(fileName) ? 'compose' : 'manifest'}\0`;
    const out: SchemaDiagnostic[] = [];
    for (const [start, piece] of splitDocuments(text)) {
      const key = context + piece;
      let findings = this.cache.get(key);
      if (findings) {
        this.cache.delete(key); // re-inserted below: most recently used last
      } else {
        findings = validateText(piece, fileName, store, version);
      }
      this.cache.set(key, findings);
      out.push(...findings.map((f) => ({ ...f, start: f.start + start, end: f.end + start })));
    }
    while (this.cache.size > this.capacity) {
      this.cache.delete(this.cache.keys().next().value as string);
    }
    return out;
  }
}

