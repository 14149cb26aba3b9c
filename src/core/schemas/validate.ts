import type { Document, Node } from 'yaml';
import { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { CompiledSchema, SchemaCompiler } from './compiled';
import { schemaCompiler } from './compiled';
import { isComposeFile, parseFile, rootString, type ManifestDocument } from './documents';
import { apiGroup, type SchemaStore } from './store';
import { startOf, valueEndOf } from './node-range';
import { distance, suggestion } from './suggest';
import { appWrapperTemplates, isAppWrapper } from './appwrapper';
import { base64Message, isBase64 } from './base64';
import { builtInRepeats, hostPortKeys } from './repeatable-entries';
import type { KindEntry, SchemaDiagnostic } from './types';

/*
 * Node types are told apart with instanceof rather than the package's isMap/isScalar/…: those read a
 * symbol-keyed mark that sits in different places for each node type and constructor (the package's
 * and the fast path's), so every such read is a megamorphic lookup, several per node validated.
 */

interface Ctx {
  doc: Document.Parsed;
  out: SchemaDiagnostic[];
  /** The path of the node being validated, root first; pushed and popped on the way down and up. */
  path: (string | number)[];
  /** Where findings inside an alias's target are reported: at the alias. */
  at?: [number, number];
  /** Whether a map may have `<<` merge keys (false when the text has no `<<`: no map is searched for one). */
  mergeKeys: boolean;
  /** The object is an operator's kind (a CRD) validated against the version of its CRD the bundle holds, not the cluster's. */
  operatorKind?: boolean;
  /** Inside a pod spec that an operator's kind embeds (Kubernetes' own type: its fields are known for sure). */
  inPodSpec?: boolean;
  /** The object is one of Kubernetes' own kinds, or a pod an operator creates: its validation, not a CRD's, decides which list keys may repeat. */
  builtInKind?: boolean;
}

function pathText(segs: readonly (string | number)[]): string {
  let text = '';
  for (const [i, s] of segs.entries()) {
    text += typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`;
  }
  return text;
}

function span(node: Node | null | undefined, ctx: Ctx): [number, number] {
  if (ctx.at) {
    return ctx.at;
  }
  const start = startOf(node);
  const valueEnd = valueEndOf(node);
  if (start === undefined || valueEnd === undefined) {
    return [0, 0];
  }
  if (node instanceof YAMLMap || node instanceof YAMLSeq) {
    return [start, start + 1];
  }
  return [start, valueEnd];
}

/** A finding at the current path, or at the current path's child `last`. */
function report(ctx: Ctx, where: [number, number], code: SchemaDiagnostic['code'], message: string, last?: string | number): void {
  const path = last === undefined ? pathText(ctx.path) : pathText([...ctx.path, last]);
  ctx.out.push({ start: where[0], end: where[1], code, message, path, severity: 'error' });
}

/** The JSON type of a node; 'null' for an empty value and for anything that is no scalar or collection (an alias). */
function jsonType(node: Node): string {
  // Scalars first: most nodes are, and an instanceof test that fails walks the whole prototype chain.
  if (node instanceof Scalar) {
    const v: unknown = node.value;
    if (v === null || v === undefined) {
      return 'null';
    }
    if (typeof v === 'number') {
      return Number.isInteger(v) ? 'integer' : 'number';
    }
    return typeof v === 'boolean' ? 'boolean' : 'string';
  }
  if (node instanceof YAMLMap) {
    return 'object';
  }
  return node instanceof YAMLSeq ? 'array' : 'null';
}

const accepts = (expected: readonly string[], actual: string): boolean =>
  expected.length === 0 || expected.includes(actual) || (actual === 'integer' && expected.includes('number'));

/** A mapping key as text (strings, numbers, booleans); undefined for other keys. */
function keyText(key: unknown): string | undefined {
  const raw: unknown = key instanceof Scalar ? key.value : undefined;
  return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
}

/** The map has a `<<` merge key (with `merge: true` the yaml package gives it a symbol value). */
function hasMergeKey(map: YAMLMap): boolean {
  for (const pair of map.items) {
    const raw: unknown = pair.key instanceof Scalar ? pair.key.value : undefined;
    if (typeof raw === 'symbol' || raw === '<<') {
      return true;
    }
  }
  return false;
}

/** The pairs of a map with `<<` merge keys expanded (the map's own keys win). */
function pairsOf(map: YAMLMap, doc: Document.Parsed): { pair: Pair; key: string; merged: boolean }[] {
  const out: { pair: Pair; key: string; merged: boolean }[] = [];
  const own = new Set<string>();
  for (const pair of map.items) {
    const raw: unknown = pair.key instanceof Scalar ? pair.key.value : undefined;
    const key = typeof raw === 'symbol' ? '<<' : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
    if (key === undefined) {
      continue;
    }
    if (key === '<<') {
      const sources: unknown[] = pair.value instanceof YAMLSeq ? pair.value.items : [pair.value];
      for (const s of sources) {
        const target = s instanceof Alias ? s.resolve(doc) : s;
        if (target instanceof YAMLMap) {
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

function countErrors(node: Node, schema: CompiledSchema | undefined, ctx: Ctx): number {
  const probe: Ctx = { ...ctx, out: [] };
  validateNode(node, schema, probe, undefined);
  return probe.out.length;
}

function validateNode(node: Node | null | undefined, schema: CompiledSchema | undefined, ctx: Ctx, keyNode: Node | undefined, depth = 0): void {
  if (!node || !schema || depth > 200) {
    return;
  }
  const actual = jsonType(node);
  if (actual === 'null') {
    if (node instanceof Alias) {
      const target = node.resolve(ctx.doc);
      validateNode(target, schema, { ...ctx, at: ctx.at ?? [startOf(node) as number, valueEndOf(node) as number] }, keyNode, depth + 1);
    }
    return; // an empty value is an absent field to the API server
  }
  if (schema.hasAlternatives) {
    validateAlternatives(node, actual, schema, ctx, keyNode, depth);
    return;
  }
  if (!schema.accepts(actual)) {
    report(ctx, keyWhere(node, keyNode, ctx), 'type', `Expected ${schema.types.join(' or ')}, got ${actual}.`);
    return;
  }
  if (schema.enumValues && node instanceof Scalar && !schema.enumValues.has(node.value)) {
    const allowed = (schema.schema.enum ?? []).map(String);
    report(ctx, span(node, ctx), 'enum', `Value "${String(node.value)}" is not allowed; expected one of ${allowed.join(', ')}.${suggestion(String(node.value), allowed)}`);
  }
  if (actual === 'object') {
    validateMap(node as YAMLMap, schema, ctx, keyNode, depth);
  } else if (actual === 'array') {
    validateSeq(node as YAMLSeq, schema, ctx, depth);
  } else if (schema.base64) {
    checkBase64(node, ctx);
  }
}

/** A `format: byte` string that the API server cannot decode as base64. */
function checkBase64(node: Node, ctx: Ctx): void {
  const value: unknown = node instanceof Scalar ? node.value : undefined;
  if (typeof value === 'string' && !isBase64(value)) {
    report(ctx, span(node, ctx), 'format', base64Message(value, kindAt(ctx), ctx.path[ctx.path.length - 2]));
  }
}

/** The kind of the object the current path is in: a `kind: List` item's own, else the document's. */
function kindAt(ctx: Ctx): string | undefined {
  const [first, index] = ctx.path;
  const items = first === 'items' && typeof index === 'number' ? valueNode(ctx.doc.contents, 'items') : undefined;
  return stringAt(items instanceof YAMLSeq ? items.items[index as number] : ctx.doc.contents, 'kind');
}

/** `anyOf`/`oneOf`: valid when one alternative passes; else checked against the only one of the node's type, if just one is. */
function validateAlternatives(node: Node, actual: string, schema: CompiledSchema, ctx: Ctx, keyNode: Node | undefined, depth: number): void {
  const options = schema.alternatives();
  if (options.some((b) => countErrors(node, b.schema, ctx) === 0)) {
    return;
  }
  const sameType = options.filter((b) => accepts(b.types, actual) && b.types.length > 0);
  if (sameType.length === 1) {
    validateNode(node, sameType[0]?.schema, ctx, keyNode, depth + 1);
  } else if (sameType.length === 0) {
    const expected = [...new Set(options.flatMap((b) => b.types))];
    report(ctx, keyWhere(node, keyNode, ctx), 'type', `Expected ${expected.join(' or ')}, got ${actual}.`);
  }
}

function keyWhere(node: Node, keyNode: Node | undefined, ctx: Ctx): [number, number] {
  return (node instanceof YAMLMap || node instanceof YAMLSeq) && keyNode ? span(keyNode, ctx) : span(node, ctx);
}

/** Path segments below which a CRD embeds Kubernetes' own container type. */
const kubernetesTypeSegments = new Set(['containers', 'initContainers']);

/**
 * An unknown key. In a bundled operator kind, outside the pod specs and containers it embeds, only one
 * that is a near miss of a known field: the user's operator may be newer than the bundled CRD (Kubeflow
 * Trainer's `podTemplateOverrides` came after v2.0.0, JobSet's `volumeClaimPolicies` in a training
 * runtime's template), so a field the bundle has never heard of is no sure error there.
 */
function unknownField(ctx: Ctx, schema: CompiledSchema, keyNode: Node, key: string): void {
  const hint = suggestion(key, schema.propertyNames());
  if (ctx.operatorKind && hint === '' && !ctx.inPodSpec && !ctx.path.some((segment) => typeof segment === 'string' && kubernetesTypeSegments.has(segment))) {
    return;
  }
  report(ctx, span(keyNode, ctx), 'unknown-field', `Unknown field "${key}".${hint}`, key);
}

/** A Kubernetes PodSpec (an operator's own spec with containers, such as a ServingRuntime's, has no restartPolicy). */
function isPodSpecSchema(schema: CompiledSchema): boolean {
  return schema.property('containers') !== undefined && schema.property('restartPolicy') !== undefined;
}

function validateMap(node: YAMLMap, schema: CompiledSchema, ctx: Ctx, keyNode: Node | undefined, depth: number): void {
  if (ctx.operatorKind === true && ctx.inPodSpec !== true && isPodSpecSchema(schema)) {
    ctx.inPodSpec = true;
    validateMapItems(node, schema, ctx, keyNode, depth);
    ctx.inPodSpec = false;
    return;
  }
  validateMapItems(node, schema, ctx, keyNode, depth);
}

function validateMapItems(node: YAMLMap, schema: CompiledSchema, ctx: Ctx, keyNode: Node | undefined, depth: number): void {
  if (ctx.mergeKeys && hasMergeKey(node)) {
    validateMergedMap(node, schema, ctx, keyNode, depth);
    return;
  }
  for (const pair of node.items) {
    const key = keyText(pair.key);
    if (key === undefined) {
      continue;
    }
    const value = schema.property(key);
    if (!value) {
      if (!schema.allowsUnknownKeys) {
        unknownField(ctx, schema, pair.key as Node, key);
      }
      continue;
    }
    ctx.path.push(key);
    validateNode(pair.value as Node, value, ctx, pair.key as Node, depth + 1);
    ctx.path.pop();
  }
  if (schema.required) {
    for (let i = 0; i < schema.required.length; i++) {
      if (!hasKey(node, schema.required[i] as string)) {
        reportMissing(node, schema.required.slice(i).filter((m) => !hasKey(node, m)), ctx, keyNode, schema);
        return;
      }
    }
  }
}

function hasKey(node: YAMLMap, key: string): boolean {
  for (const pair of node.items) {
    if (keyText(pair.key) === key) {
      return true;
    }
  }
  return false;
}

/** A map with `<<` merge keys: merged keys count as present and known; their values are checked where they are written. */
function validateMergedMap(node: YAMLMap, schema: CompiledSchema, ctx: Ctx, keyNode: Node | undefined, depth: number): void {
  const pairs = pairsOf(node, ctx.doc);
  for (const { pair, key, merged } of pairs) {
    const value = schema.property(key);
    if (!value) {
      if (!schema.allowsUnknownKeys && !(merged && !ctx.at)) {
        unknownField(ctx, schema, pair.key as Node, key);
      }
      continue;
    }
    if (!merged || ctx.at) {
      ctx.path.push(key);
      validateNode(pair.value as Node, value, ctx, pair.key as Node, depth + 1);
      ctx.path.pop();
    }
  }
  if (schema.required) {
    const present = new Set(pairs.map((p) => p.key));
    reportMissing(node, schema.required.filter((r) => !present.has(r)), ctx, keyNode, schema);
  }
}

function reportMissing(node: YAMLMap, missing: readonly string[], ctx: Ctx, keyNode: Node | undefined, schema?: CompiledSchema): void {
  if (missing.length === 0) {
    return;
  }
  const where = keyNode ? span(keyNode, ctx) : span(node.items[0]?.key as Node, ctx);
  for (const m of missing) {
    const written = schema ? misnamedAs(node, m, schema) : undefined;
    report(ctx, where, 'required', `Missing required field "${m}".${written !== undefined ? ` The map has "${written}", which the schema does not know: a misspelling of "${m}"?` : ''}`, m);
  }
}

/**
 * A key of the map that the schema does not know and that shares a long start with the missing field (`rayClusterSpec`
 * for a RayService's `rayClusterConfig`): too far apart for a spelling hint, but most likely what was meant.
 */
function misnamedAs(node: YAMLMap, missing: string, schema: CompiledSchema): string | undefined {
  for (const pair of node.items) {
    const key = keyText(pair.key);
    if (key === undefined || schema.property(key)) {
      continue;
    }
    let common = 0;
    while (common < key.length && common < missing.length && key[common] === missing[common]) {
      common++;
    }
    if (common >= 5 || (common >= 3 && distance(key, missing) <= 3)) {
      return key;
    }
  }
  return undefined;
}

function validateSeq(node: YAMLSeq, schema: CompiledSchema, ctx: Ctx, depth: number): void {
  const item = schema.item();
  if (item) {
    for (let i = 0; i < node.items.length; i++) {
      ctx.path.push(i);
      validateNode(node.items[i] as Node, item, ctx, undefined, depth + 1);
      ctx.path.pop();
    }
  }
  const keys = schema.listMapKeys;
  if (keys && node.items.length > 1) {
    const repeats = ctx.builtInKind === true ? builtInRepeats(ctx.path[ctx.path.length - 1], keys) : undefined;
    if (repeats !== 'any') {
      reportDuplicates(node, repeats === 'hostPort' ? hostPortKeys : keys, ctx, repeats === 'hostPort');
    }
  }
}

const hostPortRepeat = 'Duplicate entry: another item has the same containerPort and protocol and binds the same hostPort, which the API server rejects; remove one of them.';

/** Items that repeat an earlier item's values of `keys`; with `hostPortsOnly`, only among items that bind a host port. */
function reportDuplicates(node: YAMLSeq, keys: readonly string[], ctx: Ctx, hostPortsOnly: boolean): void {
  const seen = new ListMapIds();
  for (let i = 0; i < node.items.length; i++) {
    const item = node.items[i];
    const target = item instanceof Alias ? item.resolve(ctx.doc) : item;
    if (!(target instanceof YAMLMap) || (hostPortsOnly && !scalarValue(target.get('hostPort', true)))) {
      continue;
    }
    const fresh = keys.length === 1 ? seen.addOne(scalarValue(target.get(keys[0], true))) : seen.addAll(keys.map((k) => scalarValue(target.get(k, true))));
    if (!fresh) {
      report(ctx, item instanceof Alias ? span(item, ctx) : span(target.items[0]?.key as Node, ctx), 'duplicate', hostPortsOnly ? hostPortRepeat : `Duplicate entry: another item has the same ${keys.join(' and ')}, which the API server rejects; remove one of them or merge the two.`, i);
    }
  }
}

function scalarValue(node: unknown): unknown {
  return node instanceof Scalar ? node.value : undefined;
}

/**
 * The key values of a list-map's items, equal when their JSON is: one string, boolean or finite
 * number is kept as it is (no JSON string per item); anything else as the JSON of the key values.
 */
class ListMapIds {
  private plain: Set<unknown> | undefined;
  private json: Set<string> | undefined;

  /** Adds an item's only key value; false when an earlier item had the same. An item without the key is no duplicate (a missing key is `required`'s to report). */
  addOne(value: unknown): boolean {
    if (value === undefined) {
      return true;
    }
    const plain = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    return plain ? added((this.plain ??= new Set()), value) : added((this.json ??= new Set()), JSON.stringify([value]));
  }

  addAll(values: unknown[]): boolean {
    return added((this.json ??= new Set()), JSON.stringify(values));
  }
}

function added<T>(set: Set<T>, id: T): boolean {
  if (set.has(id)) {
    return false;
  }
  set.add(id);
  return true;
}

/** A kind's root schema (`{ $ref }`), compiled once per ref. */
const roots = new WeakMap<SchemaCompiler, Map<string, CompiledSchema | undefined>>();
function rootSchema(compiler: SchemaCompiler, ref: string): CompiledSchema | undefined {
  let byRef = roots.get(compiler);
  if (!byRef) {
    byRef = new Map();
    roots.set(compiler, byRef);
  }
  if (!byRef.has(ref)) {
    byRef.set(ref, compiler.compile({ $ref: ref }));
  }
  return byRef.get(ref);
}

function valueNode(root: unknown, key: string): Node | undefined {
  if (!(root instanceof YAMLMap)) {
    return undefined;
  }
  const pair = root.items.find((p) => p instanceof Pair && p.key instanceof Scalar && p.key.value === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

function stringAt(root: unknown, key: string): string | undefined {
  const node = valueNode(root, key);
  return node instanceof Scalar && typeof node.value === 'string' ? node.value : undefined;
}

/** `path`: an empty stack to use (and leave empty), shared by a file's documents. */
function validateManifest(d: ManifestDocument, store: SchemaStore, version: string, out: SchemaDiagnostic[], path: (string | number)[] = [], mergeKeys = true): void {
  validateObject(d.doc.contents, d.apiVersion, d.kind, { doc: d.doc, out, path, mergeKeys }, store, version);
}

/**
 * kubectl's `apiVersion: v1, kind: List` (what `kubectl get -o yaml` writes for several objects): no
 * kind of its own in the API, each item validated against its own apiVersion and kind.
 */
function validateListItems(list: YAMLMap, ctx: Ctx, store: SchemaStore, version: string): void {
  const items = valueNode(list, 'items');
  if (!(items instanceof YAMLSeq)) {
    return;
  }
  ctx.path.push('items');
  items.items.forEach((item, i) => {
    ctx.path.push(i);
    validateObject(item as Node, stringAt(item, 'apiVersion'), stringAt(item, 'kind'), ctx, store, version);
    ctx.path.pop();
  });
  ctx.path.pop();
}

/**
 * An AppWrapper's components: each template validated against its own kind, as the API server does when the
 * AppWrapper controller creates it (the AppWrapper's CRD takes any object there).
 */
function validateWrappedObjects(wrapper: YAMLMap, ctx: Ctx, store: SchemaStore, version: string): void {
  ctx.path.push('spec', 'components');
  for (const { template, index } of appWrapperTemplates(wrapper)) {
    ctx.path.push(index, 'template');
    validateObject(template, stringAt(template, 'apiVersion'), stringAt(template, 'kind'), ctx, store, version);
    ctx.path.length -= 2;
  }
  ctx.path.length -= 2;
}

/** A built-in kind Kubernetes removed for a successor: its API groups, the minor that removed it, and how to move (given where the successor is served). */
export interface RemovedKind {
  groups: readonly string[];
  removedIn: number;
  /** The successor's kind, when it is one. */
  successor?: string;
  advice: (served: string) => string;
}

const removedKinds: ReadonlyMap<string, RemovedKind> = new Map([
  ['ResourceClass', {
    groups: ['resource.k8s.io'],
    removedIn: 31,
    successor: 'DeviceClass',
    advice: (served: string) => `use a DeviceClass${served !== '' ? ` (${served})` : ''} instead, which selects devices with CEL selectors rather than naming a driver`,
  }],
  ['PodSecurityPolicy', {
    groups: ['policy', 'extensions'],
    removedIn: 25,
    advice: () => 'use Pod Security admission instead: label each namespace with pod-security.kubernetes.io/enforce (privileged, baseline or restricted)',
  }],
]);

/** The removed kind this apiVersion/kind names, when the target Kubernetes minor (`1.34`) no longer has it. */
export function removedKindAt(kind: string, apiVersion: string, version: string): RemovedKind | undefined {
  const removed = removedKinds.get(kind);
  const minor = Number(/^v?1\.(\d+)/.exec(version)?.[1]);
  return removed?.groups.includes(apiGroup(apiVersion)) && !(minor < removed.removedIn) ? removed : undefined;
}

function validateObject(root: Node | null, apiVersion: string | undefined, kind: string | undefined, ctx: Ctx, store: SchemaStore, version: string): void {
  if (!apiVersion || !kind || !(root instanceof YAMLMap)) {
    return;
  }
  if (apiVersion === 'v1' && kind === 'List') {
    validateListItems(root, ctx, store, version);
    return;
  }
  if (isAppWrapper(apiVersion, kind)) {
    validateWrappedObjects(root, ctx, store, version);
  }
  const entry = store.find(version, apiVersion, kind);
  if (entry) {
    const outer = ctx.operatorKind;
    const outerBuiltIn = ctx.builtInKind;
    ctx.operatorKind = entry.builtIn !== true && entry.fromCluster !== true;
    ctx.builtInKind = entry.builtIn === true;
    validateNode(root, rootSchema(schemaCompiler(store.space), entry.ref), ctx, undefined);
    ctx.operatorKind = outer;
    ctx.builtInKind = outerBuiltIn;
    return;
  }
  const kinds = store.kinds(version);
  if (!store.isBuiltInGroup(apiVersion)) {
    reportOperatorKindTypo(root, apiVersion, kind, kinds, ctx);
    return;
  }
  const sameKind = kinds.filter((k) => k.kind === kind && k.builtIn);
  if (sameKind.length > 0) {
    const served = sameKind.map((k) => k.apiVersion);
    report(ctx, span(valueNode(root, 'apiVersion'), ctx), 'api-version',
      `${kind} is not served as ${apiVersion} by default in Kubernetes ${version}; use ${served.join(' or ')}.`, 'apiVersion');
    return;
  }
  const removed = removedKindAt(kind, apiVersion, version);
  if (removed) {
    const served = kinds.filter((k) => k.kind === removed.successor && k.builtIn).map((k) => k.apiVersion);
    report(ctx, span(valueNode(root, 'kind'), ctx), 'unknown-kind', `${kind} was removed in Kubernetes 1.${removed.removedIn}; ${removed.advice(served.join(' or '))}.`, 'kind');
    return;
  }
  const sameGroup = kinds.filter((k) => k.apiVersion === apiVersion).map((k) => k.kind);
  const hint = suggestion(kind, sameGroup.length > 0 ? sameGroup : kinds.filter((k) => k.builtIn).map((k) => k.kind));
  if (hint || sameGroup.length > 0) {
    report(ctx, span(valueNode(root, 'kind'), ctx), 'unknown-kind', `Unknown kind "${kind}" for ${apiVersion}.${hint}`, 'kind');
  }
}

/**
 * An operator's group (a CRD): which versions and kinds it serves depends on the operator installed, not
 * on Kubernetes, and the bundle holds only some of its kinds (no XGBoostJob, InferenceGraph, Notebook…).
 * So an unknown version or kind there is no error, unless the kind is one edit (or only letter case)
 * away from a bundled kind of the same group: `PyTorchjob`, `RayClusters`.
 */
function reportOperatorKindTypo(root: Node, apiVersion: string, kind: string, kinds: readonly KindEntry[], ctx: Ctx): void {
  const group = apiGroup(apiVersion);
  const near = kinds.find((k) => !k.builtIn && k.kind !== kind && apiGroup(k.apiVersion) === group && distance(k.kind, kind) <= 1);
  if (near && !kinds.some((k) => k.kind === kind && apiGroup(k.apiVersion) === group)) {
    report(ctx, span(valueNode(root, 'kind'), ctx), 'unknown-kind', `Unknown kind "${kind}" for ${apiVersion}. Did you mean "${near.kind}"?`, 'kind');
  }
}

/** The PodSpec of a Kubernetes version, by way of its Pod kind (the bundle keeps one definition per distinct version). */
function podSpecRef(store: SchemaStore, version: string): string | undefined {
  const pod = store.find(version, 'v1', 'Pod');
  const ref = pod ? store.space.definitions[pod.ref]?.properties?.spec?.$ref : undefined;
  return typeof ref === 'string' ? ref : undefined;
}

/**
 * Pod specs inside an operator's object, validated as the pods the operator will create from them:
 * against the Kubernetes PodSpec of the version, which the API server applies when the operator creates
 * them (an operator's CRD schema may leave out what a PodSpec enforces, such as its enums). Each spec is
 * reported with its path from the object's root.
 */
export function validateEmbeddedPodSpecs(doc: Document.Parsed, specs: readonly { node: Node; path: readonly (string | number)[]; container?: true }[], store: SchemaStore, version: string, options: { mergeKeys?: boolean } = {}): SchemaDiagnostic[] {
  const ref = podSpecRef(store, version);
  const schema = ref !== undefined ? rootSchema(schemaCompiler(store.space), ref) : undefined;
  const out: SchemaDiagnostic[] = [];
  if (!schema || ref === undefined) {
    return out;
  }
  // An entry marked `container` is one container of a pod its operator assembles (Argo's templates): checked as a Container.
  const containerRef = store.space.definitions[ref]?.properties?.containers?.items?.$ref;
  const container = typeof containerRef === 'string' ? rootSchema(schemaCompiler(store.space), containerRef) : undefined;
  for (const spec of specs) {
    const against = spec.container ? container : schema;
    if (against) {
      validateNode(spec.node, against, { doc, out, path: [...spec.path], mergeKeys: options.mergeKeys ?? true, builtInKind: true }, undefined);
    }
  }
  return out;
}

/** Schema findings for a YAML file: Kubernetes manifests by apiVersion/kind, Compose files by name. */
export function validateText(text: string, fileName: string, store: SchemaStore, version: string): SchemaDiagnostic[] {
  const file = parseFile(text, true);
  const out: SchemaDiagnostic[] = [];
  const compose = isComposeFile(fileName) && store.compose && store.composeSpace;
  for (const d of file.documents) {
    if (d.doc.errors.length > 0) {
      continue; // syntax errors are the YAML layer's to report
    }
    if (compose && !d.kind) {
      validateNode(d.doc.contents, schemaCompiler(store.composeSpace).compile(store.compose), { doc: d.doc, out, path: [], mergeKeys: true }, undefined);
    } else {
      validateManifest(d, store, version, out);
    }
  }
  const toSource = file.toSource;
  return toSource ? out.map((d) => ({ ...d, start: toSource(d.start), end: toSource(d.end) })) : out;
}

/**
 * Schema findings for Kubernetes documents someone already parsed (the linter's YamlFile documents),
 * so one CLI run parses each file once. Documents with syntax errors are left to the YAML layer.
 */
/** `mergeKeys: false` when the documents' text has no `<<` (a sure sign that no map has a merge key). */
export function validateDocuments(documents: readonly { doc: Document.Parsed }[], store: SchemaStore, version: string, options: { mergeKeys?: boolean } = {}): SchemaDiagnostic[] {
  const out: SchemaDiagnostic[] = [];
  const path: (string | number)[] = [];
  for (const { doc } of documents) {
    if (doc.errors.length > 0) {
      continue;
    }
    const apiVersion = rootString(doc, 'apiVersion');
    const kind = rootString(doc, 'kind');
    validateManifest({ doc, start: doc.range[0], end: doc.range[2], ...(apiVersion !== undefined ? { apiVersion } : {}), ...(kind !== undefined ? { kind } : {}) }, store, version, out, path, options.mergeKeys ?? true);
  }
  return out;
}
