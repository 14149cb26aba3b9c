import type { Document, Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { isComposeFile, parseFile, rootString } from './documents';
import { deref, schemaAt } from './navigate';
import type { SchemaStore } from './store';
import type { KindEntry, Schema, SchemaSpace } from './types';

export type Path = (string | number)[];

/** The node under an offset: the path to it and whether the offset is on a key or a value. */
export interface Hit {
  path: Path;
  node: Node;
  onKey: boolean;
}

const within = (node: Node | null | undefined, offset: number): boolean => !!node?.range && node.range[0] <= offset && offset <= node.range[1];

export function nodeAt(doc: Document.Parsed, offset: number): Hit | undefined {
  let node = doc.contents as Node | null;
  const path: Path = [];
  for (let depth = 0; node && depth < 500; depth++) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (within(p.key as Node, offset) || within(p.value as Node, offset)));
      if (!pair || !isScalar(pair.key)) {
        return undefined;
      }
      path.push(String(pair.key.value));
      if (within(pair.key, offset)) {
        return { path, node: pair.key as Node, onKey: true };
      }
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((n) => within(n as Node, offset));
      if (i < 0) {
        return undefined;
      }
      path.push(i);
      node = node.items[i] as Node;
    } else {
      return { path, node, onKey: false };
    }
  }
  return undefined;
}

/** The schema root that applies to a document of a file, and its label for hovers. */
export interface Applicable {
  root: Schema;
  space: SchemaSpace;
  origin: string;
  entry?: KindEntry;
}

export function applicable(doc: Document.Parsed, fileName: string, store: SchemaStore, version: string): Applicable | undefined {
  const apiVersion = rootString(doc, 'apiVersion');
  const kind = rootString(doc, 'kind');
  if (apiVersion && kind) {
    const entry = store.find(version, apiVersion, kind);
    return entry ? { root: store.root(entry), space: store.space, origin: entry.origin, entry } : undefined;
  }
  if (isComposeFile(fileName) && store.compose && store.composeSpace) {
    return { root: store.compose, space: store.composeSpace, origin: 'Compose specification (compose-go)' };
  }
  return undefined;
}

/** The document of a file that contains an offset. */
export function documentAt(text: string, offset: number): Document.Parsed | undefined {
  const file = parseFile(text);
  return file.documents.find((d) => d.start <= offset && offset <= d.end)?.doc ?? file.documents.at(-1)?.doc;
}

export function schemaFor(app: Applicable, path: Path): Schema | undefined {
  return deref(schemaAt(app.root, path, app.space), app.space);
}
