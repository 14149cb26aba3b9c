import type { Document, Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { isComposeFile, mapString, parseFile } from './documents';
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

/**
 * The object a path inside a document belongs to, and the path within it: the document's root, or an
 * item of kubectl's `apiVersion: v1, kind: List` (what `kubectl get -o yaml` writes for several
 * objects), which has a kind of its own.
 */
export interface ObjectScope {
  root: Node | null;
  path: Path;
}

export function isKubectlList(node: unknown): boolean {
  return mapString(node, 'apiVersion') === 'v1' && mapString(node, 'kind') === 'List';
}

export function objectScope(doc: Document.Parsed, path: Path): ObjectScope {
  const root = doc.contents as Node | null;
  const index = path[1];
  if (path[0] === 'items' && typeof index === 'number' && isMap(root) && isKubectlList(root)) {
    const items = root.get('items', true) as Node | undefined;
    const item = isSeq(items) ? (items.items[index] as Node | undefined) : undefined;
    if (isMap(item)) {
      return { root: item, path: path.slice(2) };
    }
  }
  return { root, path };
}

/** The schema of the object whose root is `root` (a document's, or a List item's). */
export function applicable(root: Node | null, fileName: string, store: SchemaStore, version: string): Applicable | undefined {
  const apiVersion = mapString(root, 'apiVersion');
  const kind = mapString(root, 'kind');
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
