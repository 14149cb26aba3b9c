import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { isComposeFile, parseFile, rootString, type ManifestDocument } from './documents';
import type { SchemaLookups } from './schema-lookups';
import { schemaLookups } from './schema-lookups';
import type { SchemaStore } from './store';
import { suggestion } from './suggest';
import type { Schema, SchemaDiagnostic, SchemaSpace } from './types';

interface Ctx {
  space: SchemaSpace;
  look: SchemaLookups;
  doc: Document.Parsed;
  out: SchemaDiagnostic[];
  /** Where findings inside an alias's target are reported: at the alias. */
  at?: [number, number];
}

/** A path as a chain from the leaf up (shared prefixes, no copy per node); spelled out only when reported. */
interface Path {
  up: Path | undefined;
  seg: string | number;
}
const child = (up: Path | undefined, seg: string | number): Path => ({ up, seg });

function pathText(p: Path | undefined): string {
  const segs: (string | number)[] = [];
  for (let at = p; at; at = at.up) {
    segs.push(at.seg);
  }
  return segs.reverse().map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function span(node: Node | null | undefined, ctx: Ctx): [number, number] {
  if (ctx.at) {
    return ctx.at;
  }
  const r = node?.range;
  if (!r) {
    return [0, 0];
  }
  if (isMap(node) || isSeq(node)) {
    return [r[0], r[0] + 1];
  }
  return [r[0], r[1]];
}

function report(ctx: Ctx, where: [number, number], code: SchemaDiagnostic['code'], message: string, path: Path | undefined): void {
  ctx.out.push({ start: where[0], end: where[1], code, message, path: pathText(path), severity: 'error' });
}

function jsonType(node: Node): string {
  if (isMap(node)) {
    return 'object';
  }
  if (isSeq(node)) {
    return 'array';
  }
  const v = isScalar(node) ? node.value : undefined;
  if (v === null || v === undefined) {
    return 'null';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'integer' : 'number';
  }
  return typeof v === 'boolean' ? 'boolean' : 'string';
}

const accepts = (expected: readonly string[], actual: string): boolean =>
  expected.length === 0 || expected.includes(actual) || (actual === 'integer' && expected.includes('number'));

/** The pairs of a map with `<<` merge keys expanded (the map's own keys win). */
function pairsOf(map: YAMLMap, doc: Document.Parsed): { pair: Pair; key: string; merged: boolean }[] {
  const out: { pair: Pair; key: string; merged: boolean }[] = [];
  const own = new Set<string>();
  for (const pair of map.items) {
    const raw = isScalar(pair.key) ? pair.key.value : undefined;
    // With `merge: true` the yaml package gives a merge key a symbol value.
    const key = typeof raw === 'symbol' ? '<<' : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (key === undefined) {
      continue;
    }
    if (key === '<<') {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const s of sources) {
        const target = isAlias(s) ? s.resolve(doc) : s;
        if (isMap(target)) {
          out.push(...pairsOf(target, doc).map((p) => ({ ...p, merged: true })));
        }
      }
      continue;
    }
    own.add(key);
    out.push({ pair, key, merged: false });
  }
  return out.filter((p) => !p.merged || !own.has(p.key));
}

function countErrors(node: Node, schema: Schema, ctx: Ctx, path: Path | undefined): number {
  const probe: Ctx = { ...ctx, out: [] };
  validateNode(node, schema, probe, path, undefined);
  return probe.out.length;
}

function validateNode(node: Node | null | undefined, schemaIn: Schema | undefined, ctx: Ctx, path: Path | undefined, keyNode: Node | undefined, depth = 0): void {
  const schema = ctx.look.deref(schemaIn);
  if (!node || !schema || depth > 200) {
    return;
  }
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    validateNode(target, schema, { ...ctx, at: ctx.at ?? [node.range![0], node.range![1]] }, path, keyNode, depth + 1);
    return;
  }
  const actual = jsonType(node);
  if (actual === 'null') {
    return; // an empty value is an absent field to the API server
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const options = ctx.look.branches(schema);
    if (options.some((b) => countErrors(node, b, ctx, path) === 0)) {
      return;
    }
    const sameType = options.filter((b) => accepts(ctx.look.types(b), actual) && ctx.look.types(b).length > 0);
    if (sameType.length === 1) {
      validateNode(node, sameType[0], ctx, path, keyNode, depth + 1);
    } else if (sameType.length === 0) {
      const expected = [...new Set(options.flatMap((b) => ctx.look.types(b)))];
      report(ctx, keyWhere(node, keyNode, ctx), 'type', `Expected ${expected.join(' or ')}, got ${actual}.`, path);
    }
    return;
  }
  const expected = ctx.look.types(schema);
  if (!accepts(expected, actual)) {
    report(ctx, keyWhere(node, keyNode, ctx), 'type', `Expected ${expected.join(' or ')}, got ${actual}.`, path);
    return;
  }
  if (schema.enum && isScalar(node) && !schema.enum.includes(node.value)) {
    const allowed = schema.enum.map(String);
    report(ctx, span(node, ctx), 'enum', `Value "${String(node.value)}" is not allowed; expected one of ${allowed.join(', ')}.${suggestion(String(node.value), allowed)}`, path);
  }
  if (isMap(node)) {
    validateMap(node, schema, ctx, path, keyNode, depth);
  } else if (isSeq(node)) {
    validateSeq(node, schema, ctx, path, depth);
  }
}

function keyWhere(node: Node, keyNode: Node | undefined, ctx: Ctx): [number, number] {
  return (isMap(node) || isSeq(node)) && keyNode ? span(keyNode, ctx) : span(node, ctx);
}

/** The map's keys as text when none is a `<<` merge key (the common case: no pairsOf copies); else undefined. */
function plainKeys(map: YAMLMap): (string | undefined)[] | undefined {
  const keys: (string | undefined)[] = [];
  for (const pair of map.items) {
    const raw = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof raw === 'symbol' || raw === '<<') {
      return undefined;
    }
    keys.push(typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined);
  }
  return keys;
}

function validateMap(node: YAMLMap, schema: Schema, ctx: Ctx, path: Path | undefined, keyNode: Node | undefined, depth: number): void {
  const open = schema['x-kubernetes-preserve-unknown-fields'] || (!schema.properties && !schema.patternProperties && schema.additionalProperties === undefined);
  const keys = plainKeys(node);
  const pairs = keys ? undefined : pairsOf(node, ctx.doc);
  const count = keys ? node.items.length : (pairs as { pair: Pair }[]).length;
  for (let i = 0; i < count; i++) {
    const entry = pairs?.[i];
    const key = entry ? entry.key : keys?.[i];
    if (key === undefined) {
      continue;
    }
    const pair = entry ? entry.pair : (node.items[i] as Pair);
    const merged = entry?.merged ?? false;
    const value = ctx.look.propertySchema(schema, key);
    if (!value) {
      if (!open && schema.additionalProperties !== true && !(merged && !ctx.at)) {
        report(ctx, span(pair.key as Node, ctx), 'unknown-field', `Unknown field "${key}".${suggestion(key, ctx.look.propertyNames(schema))}`, child(path, key));
      }
      continue;
    }
    if (!merged || ctx.at) {
      validateNode(pair.value as Node, value, ctx, child(path, key), pair.key as Node, depth + 1);
    }
  }
  const required = schema.required;
  if (required && required.length > 0) {
    const present = new Set(pairs ? pairs.map((p) => p.key) : keys);
    const missing = required.filter((r) => !present.has(r));
    if (missing.length > 0) {
      const where = keyNode ? span(keyNode, ctx) : span(node.items[0]?.key as Node, ctx);
      for (const m of missing) {
        report(ctx, where, 'required', `Missing required field "${m}".`, child(path, m));
      }
    }
  }
}

function validateSeq(node: YAMLSeq, schema: Schema, ctx: Ctx, path: Path | undefined, depth: number): void {
  const item = ctx.look.itemSchema(schema);
  node.items.forEach((c, i) => validateNode(c as Node, item, ctx, child(path, i), undefined, depth + 1));
  const keys = schema['x-kubernetes-list-map-keys'];
  if (schema['x-kubernetes-list-type'] === 'map' && keys) {
    const seen = new Set<string>();
    node.items.forEach((item, i) => {
      const target = isAlias(item) ? item.resolve(ctx.doc) : item;
      if (!isMap(target)) {
        return;
      }
      const id = JSON.stringify(keys.map((k) => {
        const v = target.get(k, true) as Node | undefined;
        return isScalar(v) ? v.value : undefined;
      }));
      if (seen.has(id)) {
        report(ctx, isAlias(item) ? span(item, ctx) : span(target.items[0]?.key as Node, ctx), 'duplicate', `Duplicate entry: another item has the same ${keys.join(' and ')}.`, child(path, i));
      }
      seen.add(id);
    });
  }
}

/** A kind's root schema (`{ $ref }`), one object per ref so its lookups are remembered too. */
const roots = new WeakMap<SchemaLookups, Map<string, Schema>>();
function rootSchema(look: SchemaLookups, ref: string): Schema {
  let byRef = roots.get(look);
  if (!byRef) {
    byRef = new Map();
    roots.set(look, byRef);
  }
  let root = byRef.get(ref);
  if (!root) {
    root = { $ref: ref };
    byRef.set(ref, root);
  }
  return root;
}

function valueNode(doc: Document.Parsed, key: string): Node | undefined {
  const root = doc.contents;
  if (!isMap(root)) {
    return undefined;
  }
  const pair = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return (pair?.value ?? undefined);
}

function validateManifest(d: ManifestDocument, store: SchemaStore, version: string, out: SchemaDiagnostic[]): void {
  const { apiVersion, kind } = d;
  if (!apiVersion || !kind) {
    return;
  }
  const ctx: Ctx = { space: store.space, look: schemaLookups(store.space), doc: d.doc, out };
  const entry = store.find(version, apiVersion, kind);
  if (entry) {
    validateNode(d.doc.contents, rootSchema(ctx.look, entry.ref), ctx, undefined, undefined);
    return;
  }
  const kinds = store.kinds(version);
  const sameKind = kinds.filter((k) => k.kind === kind);
  if (sameKind.length > 0) {
    const served = sameKind.map((k) => k.apiVersion);
    report(ctx, span(valueNode(d.doc, 'apiVersion'), ctx), 'api-version',
      `${kind} is not served as ${apiVersion} in Kubernetes ${version}; use ${served.join(' or ')}.`, child(undefined, 'apiVersion'));
    return;
  }
  const sameGroup = kinds.filter((k) => k.apiVersion === apiVersion).map((k) => k.kind);
  const hint = suggestion(kind, sameGroup.length > 0 ? sameGroup : kinds.map((k) => k.kind));
  if (hint || sameGroup.length > 0) {
    report(ctx, span(valueNode(d.doc, 'kind'), ctx), 'unknown-kind', `Unknown kind "${kind}" for ${apiVersion}.${hint}`, child(undefined, 'kind'));
  }
}

/** Schema findings for a YAML file: Kubernetes manifests by apiVersion/kind, Compose files by name. */
export function validateText(text: string, fileName: string, store: SchemaStore, version: string): SchemaDiagnostic[] {
  const file = parseFile(text);
  const out: SchemaDiagnostic[] = [];
  const compose = isComposeFile(fileName) && store.compose && store.composeSpace;
  for (const d of file.documents) {
    if (d.doc.errors.length > 0) {
      continue; // syntax errors are the YAML layer's to report
    }
    if (compose && !d.kind) {
      validateNode(d.doc.contents, store.compose, { space: store.composeSpace, look: schemaLookups(store.composeSpace), doc: d.doc, out }, undefined, undefined);
    } else {
      validateManifest(d, store, version, out);
    }
  }
  return out;
}

/**
 * Schema findings for Kubernetes documents someone already parsed (the linter's YamlFile documents),
 * so one CLI run parses each file once. Documents with syntax errors are left to the YAML layer.
 */
export function validateDocuments(documents: readonly { doc: Document.Parsed }[], store: SchemaStore, version: string): SchemaDiagnostic[] {
  const out: SchemaDiagnostic[] = [];
  for (const { doc } of documents) {
    if (doc.errors.length > 0) {
      continue;
    }
    const apiVersion = rootString(doc, 'apiVersion');
    const kind = rootString(doc, 'kind');
    validateManifest({ doc, start: doc.range[0], end: doc.range[2], ...(apiVersion !== undefined ? { apiVersion } : {}), ...(kind !== undefined ? { kind } : {}) }, store, version, out);
  }
  return out;
}
