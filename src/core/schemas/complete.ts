import type { Node } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { mapString, parseFile } from './documents';
import { applicable, objectScope, schemaFor, type Path } from './locate';
import { branches, declaredProperty, deref, propertyNames, propertySchema, types, typeLabel } from './navigate';
import type { SchemaStore } from './store';
import type { Schema, SchemaSpace } from './types';

export interface SchemaCompletion {
  label: string;
  kind: 'property' | 'value' | 'kind';
  /** Snippet syntax ($1, ${1|a,b|}); VS Code re-indents following lines to the current line. */
  insertText: string;
  detail: string;
  documentation?: string;
  sortText: string;
}

export interface CompletionResult {
  items: SchemaCompletion[];
  /** Offsets [start, end) of the word the items replace. */
  start: number;
  end: number;
}

const cursorMarker = 'mlcCursor__';

/** Finds the pair whose key or value holds the marker; returns its path. */
function findMarker(node: Node | null | undefined, path: Path): { path: Path; parent?: Node; onKey: boolean } | undefined {
  if (isMap(node)) {
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) {
        continue;
      }
      const key = String(p.key.value);
      if (key.includes(cursorMarker)) {
        return { path, parent: node, onKey: true };
      }
      if (isScalar(p.value) && String(p.value.value).includes(cursorMarker)) {
        return { path: [...path, key], parent: node, onKey: false };
      }
      const inner = findMarker(p.value as Node, [...path, key]);
      if (inner) {
        return inner;
      }
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = findMarker(item as Node, [...path, i]);
      if (inner) {
        return inner;
      }
    }
  }
  return undefined;
}

function snippetFor(key: string, s: Schema | undefined, space: SchemaSpace): string {
  const t = s ? types(s) : [];
  if (s?.enum) {
    return `${key}: \${1|${s.enum.map(String).join(',')}|}`;
  }
  if (t.includes('boolean')) {
    return `${key}: \${1|true,false|}`;
  }
  if (t.includes('array')) {
    const item = s?.items ? deref(s.items, space) : undefined;
    const req = item?.required ?? [];
    return req.length > 0 ? `${key}:\n  - ${req.map((r, i) => `${i === 0 ? '' : '    '}${r}: $${i + 1}`).join('\n')}` : `${key}:\n  - $1`;
  }
  if (t.includes('object') || (s?.properties && t.length === 0)) {
    const req = (s?.required ?? []).filter((r) => r !== 'apiVersion' && r !== 'kind');
    return req.length > 0 ? `${key}:\n${req.map((r, i) => `  ${r}: $${i + 1}`).join('\n')}` : `${key}:\n  $1`;
  }
  return `${key}: $1`;
}

function keyItems(parent: Schema, present: Set<string>, space: SchemaSpace): SchemaCompletion[] {
  const required = new Set(parent.required ?? []);
  return propertyNames(parent, space).filter((k) => !present.has(k)).map((k) => {
    const child = propertySchema(parent, k, space);
    const raw = branches(parent, space).map((b) => declaredProperty(b, k)).find((x) => x);
    return {
      label: k, kind: 'property', insertText: snippetFor(k, child, space), detail: `${typeLabel(raw, space)}${required.has(k) ? ' (required)' : ''}`,
      documentation: child?.description, sortText: `${required.has(k) ? '0' : '1'}${k}`,
    };
  });
}

function valueItems(s: Schema | undefined): SchemaCompletion[] {
  if (!s) {
    return [];
  }
  const values = s.enum ? s.enum.map(String) : types(s).includes('boolean') ? ['true', 'false'] : [];
  return values.map((v, i) => ({ label: v, kind: 'value', insertText: v, detail: 'value', sortText: String(i).padStart(3, '0') }));
}

function rootValueItems(key: string, root: Node | null, store: SchemaStore, version: string): SchemaCompletion[] | undefined {
  const kinds = store.kinds(version);
  if (key === 'kind') {
    const apiVersion = mapString(root, 'apiVersion');
    const names = [...new Set(kinds.filter((k) => !apiVersion || apiVersion.includes(cursorMarker) || k.apiVersion === apiVersion).map((k) => k.kind))];
    return names.sort().map((k) => ({ label: k, kind: 'kind', insertText: k, detail: kinds.filter((e) => e.kind === k).map((e) => e.apiVersion).join(', '), sortText: k }));
  }
  if (key === 'apiVersion') {
    const kind = mapString(root, 'kind');
    const list = [...new Set(kinds.filter((k) => !kind || kind.includes(cursorMarker) || k.kind === kind).map((k) => k.apiVersion))];
    return list.sort().map((a) => ({ label: a, kind: 'kind', insertText: a, detail: 'apiVersion', sortText: a }));
  }
  return undefined;
}

/**
 * Completion at an offset: keys (any depth, snippets with required children), enum values and booleans, apiVersion/kind.
 * Only the document around the offset is parsed: a `---` at column 0 always starts a document (block scalars are indented).
 */
export function completeAt(text: string, offset: number, fileName: string, store: SchemaStore, version: string): CompletionResult | undefined {
  const marker = /^---/gm;
  let start = 0;
  let end = text.length;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    const lineEnd = text.indexOf('\n', m.index);
    if (m.index < offset && (lineEnd < 0 || lineEnd < offset)) {
      start = lineEnd < 0 ? text.length : lineEnd + 1;
    } else if (m.index >= offset) {
      end = m.index;
      break;
    }
  }
  const r = completeInDocument(text.slice(start, end), offset - start, fileName, store, version);
  return r && { ...r, start: r.start + start, end: r.end + start };
}

function completeInDocument(text: string, offset: number, fileName: string, store: SchemaStore, version: string): CompletionResult | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const word = /[\w.\-/]*$/.exec(before)?.[0] ?? '';
  const start = offset - word.length;
  const isKey = /^\s*(- )*[\w.\-/]*$/.test(before);
  const isValue = /^\s*(- )*[\w.\-/"']+:\s+[\w.\-/]*$/.test(before);
  if (!isKey && !isValue) {
    return undefined;
  }
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  const patched = isKey
    ? `${text.slice(0, start)}${word}${cursorMarker}:${rest.includes(':') ? rest.slice(rest.indexOf(':') + 1) : ''}${lineEnd < 0 ? '' : text.slice(lineEnd)}`
    : `${text.slice(0, start)}${word}${cursorMarker}${text.slice(offset + (/^[\w.\-/]*/.exec(rest)?.[0].length ?? 0))}`;
  const file = parseFile(patched);
  const d = file.documents.find((x) => x.start <= offset && offset <= x.end);
  if (!d) {
    return undefined;
  }
  const found = findMarker(d.doc.contents, []);
  if (!found) {
    return undefined;
  }
  const end = offset + (/^[\w.\-/]*/.exec(rest)?.[0].length ?? 0);
  const scope = objectScope(d.doc, found.path);
  if (!found.onKey && scope.path.length === 1) {
    const items = rootValueItems(String(scope.path[0]), scope.root, store, version);
    if (items) {
      return { items, start, end };
    }
  }
  const app = applicable(scope.root, fileName, store, version);
  if (!app) {
    if (found.onKey && scope.path.length === 0) {
      const present = new Set(isMap(found.parent) ? found.parent.items.map((p) => String((p.key as { value?: unknown }).value)) : []);
      const items = ['apiVersion', 'kind'].filter((k) => !present.has(k)).map((k) => ({ label: k, kind: 'property' as const, insertText: `${k}: $1`, detail: 'string (required)', sortText: `0${k}` }));
      return { items, start, end };
    }
    return undefined;
  }
  const schema = schemaFor(app, scope.path);
  if (!found.onKey) {
    return { items: valueItems(schema), start, end };
  }
  if (!schema) {
    return undefined;
  }
  const present = new Set(isMap(found.parent) ? found.parent.items.map((p) => String((p.key as { value?: unknown }).value)).filter((k) => !k.includes(cursorMarker)) : []);
  return { items: keyItems(schema, present, app.space), start, end };
}
