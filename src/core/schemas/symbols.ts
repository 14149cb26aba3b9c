import type { Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { mapString, parseFile, rootString } from './documents';

export interface SchemaSymbol {
  name: string;
  detail: string;
  kind: 'object' | 'array' | 'field' | 'document';
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: SchemaSymbol[];
}

const maxDepth = 8;

function children(node: Node | null | undefined, depth: number): SchemaSymbol[] {
  if (!node || depth > maxDepth) {
    return [];
  }
  if (isMap(node)) {
    return node.items.filter((p) => isPair(p) && isScalar(p.key) && p.key.range).map((p) => {
      const key = p.key as Node;
      const value = p.value as Node | null;
      const end = value?.range?.[1] ?? key.range![1];
      const kind = isMap(value) ? 'object' : isSeq(value) ? 'array' : 'field';
      const detail = isScalar(value) && ['string', 'number', 'boolean'].includes(typeof value.value) ? `${value.value as string | number | boolean}` : '';
      return { name: String((key as { value?: unknown }).value), detail, kind, start: key.range![0], end, selectionStart: key.range![0], selectionEnd: key.range![1], children: children(value, depth + 1) };
    });
  }
  if (isSeq(node)) {
    return node.items.filter((n) => (n as Node).range).map((n, i) => {
      const item = n as Node;
      const label = isMap(item) ? item.get('name') : undefined;
      return { name: typeof label === 'string' ? label : (objectTitle(item) ?? `[${i}]`), detail: '', kind: isMap(item) ? 'object' : 'field', start: item.range![0], end: item.range![1], selectionStart: item.range![0], selectionEnd: item.range![0], children: children(item, depth + 1) };
    });
  }
  return [];
}

/** `Kind name` of a mapping with a kind (a document's root, an item of kubectl's List), else undefined. */
function objectTitle(node: unknown): string | undefined {
  const kind = mapString(node, 'kind');
  const meta = isMap(node) ? node.get('metadata') : undefined;
  const name = mapString(meta, 'name');
  return kind ? `${kind}${name !== undefined ? ` ${name}` : ''}` : undefined;
}

/** An outline: one symbol per document (`Kind name`), with its fields below (a List's items as `Kind name` too). */
export function documentSymbols(text: string): SchemaSymbol[] {
  return parseFile(text).documents.filter((d) => d.doc.contents).map((d, i) => {
    const root = d.doc.contents as Node;
    const title = objectTitle(root) ?? `Document ${i + 1}`;
    const [start, , end] = root.range!;
    return { name: title, detail: rootString(d.doc, 'apiVersion') ?? '', kind: 'document', start, end, selectionStart: start, selectionEnd: start, children: children(root, 0) };
  });
}
