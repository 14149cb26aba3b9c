import { Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import type { YamlView } from '../yaml/access';
import type { Range } from '../types';

/** One entry of `services:`. Lookups follow `<<` merge keys (own keys win), as Compose does. */
export interface ComposeService {
  name: string;
  node: YAMLMap;
  /** The service's key under `services:`: the anchor for service-level "missing" findings. */
  anchor: Range;
  /**
   * Only a part of a service, which Compose completes from elsewhere: it has no `image` and no `build` (its own,
   * merged or extended), like the blocks of Immich's hwaccel.ml.yml that other files extend; it extends a service in a
   * file that was not read; or its file is an override file, merged over the main file's service of the same name.
   * Rules that report a missing setting skip it: the other part may hold the setting.
   */
  fragment: boolean;
  /** It extends a service in a file that was not read, itself or through the same-file services it extends. */
  extendsUnread: boolean;
}

export interface ComposeModelOptions {
  /** The file is an override file (its name says so): Compose merges its services over the main file's. */
  override?: boolean;
  /** The service `service` of the Compose file `file` (as written under `extends:`); undefined when that file was not read. */
  extendsBase?: (file: string, service: string) => YAMLMap | undefined;
  /** The service `service` of the override file Compose merges over this one (`compose.override.yaml`), when read. */
  overrideOf?: (service: string) => YAMLMap | undefined;
  /** The services that override file defines, by name: it may add services the file's own depend on. */
  overrideServices?: readonly string[];
}

export interface ComposeModel {
  view: YamlView;
  root: YAMLMap;
  services: ComposeService[];
  /** Services the override file merged over this one defines (composeModel's `overrideServices`). */
  overrideServices: ReadonlySet<string>;
}

const maxMergeDepth = 8;

/**
 * The service a service extends (`extends: web`, `extends: {service: web}`, or with `file:` when the caller read that
 * file), by the service's mapping; set by composeModel. Compose merges the base in under the service's own keys.
 */
const extendsBases = new WeakMap<object, YAMLMap>();

/** What the override file merges over a service, by the service's mapping; set by composeModel. */
const overrides = new WeakMap<object, YAMLMap>();

/** Sequences an override replaces instead of extending (`healthcheck.test` among them). */
const replacedSequences = new Set(['command', 'entrypoint', 'test']);

/** Compose's `!reset` tag: the override removes the value. */
function isReset(node: unknown): boolean {
  return node !== null && typeof node === 'object' && (node as Node).tag === '!reset';
}

/**
 * The override file's value merged over the service's, as Compose merges the files: mappings key by key (the
 * override's keys win), sequences joined (the service's items first, the override's repeats of them left out),
 * `command`, `entrypoint`, `healthcheck.test` and other values replaced; undefined for `!reset`. The service's own
 * items keep their places in the text; the override's have none, so nothing is reported at them here.
 */
function overriddenPair(view: YamlView, own: Pair, top: Pair, key: string, depth: number): Pair | undefined {
  const mine = view.resolve(own.value);
  const theirs = view.resolve(top.value);
  if (isReset(theirs)) {
    return undefined;
  }
  if (theirs?.tag === '!override' || replacedSequences.has(key)) {
    return top;
  }
  if (depth <= maxMergeDepth && view.map(mine) && view.map(theirs)) {
    const merged = new YAMLMap();
    const ownKeys = new Set<string>();
    for (const pair of view.pairs(mine)) {
      const k = view.keyOf(pair);
      const over = k === undefined ? undefined : view.pair(theirs, k);
      const result = over && k !== undefined ? overriddenPair(view, pair, over, k, depth + 1) : pair;
      if (result) {
        merged.items.push(result);
      }
      if (k !== undefined) {
        ownKeys.add(k);
      }
    }
    merged.items.push(...view.pairs(theirs).filter((p) => !ownKeys.has(view.keyOf(p) ?? '') && !isReset(p.value)));
    merged.flow = (mine as YAMLMap).flow === true;
    return new Pair(own.key, merged);
  }
  if (view.seq(mine) && view.seq(theirs)) {
    const written = new Set(view.items(mine).map((i) => view.str(i)).filter((t) => t !== undefined));
    const joined = new YAMLSeq();
    joined.items.push(...view.items(mine), ...view.items(theirs).filter((i) => !written.has(view.str(i) as string)));
    return new Pair(own.key, joined);
  }
  // A list against a mapping (`environment` written both ways): the service's own value is kept.
  return (view.map(mine) || view.seq(mine)) && (view.map(theirs) || view.seq(theirs)) ? own : top;
}

/** The mappings a mapping's missing keys come from, in order: its `<<` merge sources, then the service it extends. */
function inheritedFrom(view: YamlView, node: unknown): unknown[] {
  const merge = view.pair(node, '<<');
  const sources: unknown[] = merge ? (view.seq(merge.value) ? view.items(merge.value) : [view.resolve(merge.value)]) : [];
  const base = node !== null && typeof node === 'object' ? extendsBases.get(node) : undefined;
  return base ? [...sources, base] : sources;
}

/**
 * A service's own value merged over the one it extends, as Compose merges them: mappings key by key (its own
 * keys win), sequences joined (the base's items first), anything else its own. Built nodes keep the original
 * items, so findings still point at the text.
 */
function extendedPair(view: YamlView, own: Pair, inherited: Pair, depth: number): Pair {
  const mine = view.resolve(own.value);
  const theirs = view.resolve(inherited.value);
  if (depth <= maxMergeDepth && view.map(mine) && view.map(theirs)) {
    const merged = new YAMLMap();
    const ownKeys = new Set<string>();
    for (const pair of view.pairs(mine)) {
      const k = view.keyOf(pair);
      const base = k === undefined ? undefined : view.pair(theirs, k);
      merged.items.push(base ? extendedPair(view, pair, base, depth + 1) : pair);
      if (k !== undefined) {
        ownKeys.add(k);
      }
    }
    merged.items.push(...view.pairs(theirs).filter((p) => !ownKeys.has(view.keyOf(p) ?? '')));
    merged.flow = (mine as YAMLMap).flow === true;
    return new Pair(own.key, merged);
  }
  if (view.seq(mine) && view.seq(theirs)) {
    const joined = new YAMLSeq();
    joined.items.push(...view.items(theirs), ...view.items(mine));
    return new Pair(own.key, joined);
  }
  return own;
}

/**
 * The pair for `key` in a mapping, looking through `<<: *anchor` / `<<: [*a, *b]` merges, `extends`, and for a
 * service, the override file merged over it.
 */
export function mergedPair(view: YamlView, node: unknown, key: string, depth = 0): Pair | undefined {
  const inFile = fileMergedPair(view, node, key, depth);
  const over = depth === 0 && node !== null && typeof node === 'object' ? overrides.get(node) : undefined;
  const top = over ? view.pair(over, key) : undefined;
  if (!top) {
    return inFile;
  }
  return inFile ? overriddenPair(view, inFile, top, key, 0) : isReset(top.value) ? undefined : top;
}

/** mergedPair within the file: its merges and `extends`. */
function fileMergedPair(view: YamlView, node: unknown, key: string, depth: number): Pair | undefined {
  const own = view.pair(node, key);
  if (own || depth > maxMergeDepth) {
    const base = own && depth <= maxMergeDepth && node !== null && typeof node === 'object' ? extendsBases.get(node) : undefined;
    const inherited = base ? mergedPair(view, base, key, depth + 1) : undefined;
    return own && inherited ? extendedPair(view, own, inherited, depth) : own;
  }
  for (const source of inheritedFrom(view, node)) {
    const found = mergedPair(view, source, key, depth + 1);
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** The value at `key` through merges (aliases followed). */
export function mergedGet(view: YamlView, node: unknown, key: string): Node | undefined {
  const p = mergedPair(view, node, key);
  return p ? (view.resolve(p.value) ?? undefined) : undefined;
}

/**
 * mergedGet without the override file: what this file (with its merges and `extends`) writes. For rules about the
 * file's own text, such as a committed secret, which an override's value for the same key does not take back.
 */
export function fileMergedGet(view: YamlView, node: unknown, key: string): Node | undefined {
  const p = fileMergedPair(view, node, key, 0);
  return p ? (view.resolve(p.value) ?? undefined) : undefined;
}

/** Walks mapping keys through merges. */
export function mergedAt(view: YamlView, node: unknown, path: readonly string[]): Node | undefined {
  let cur: Node | undefined = view.resolve(node) ?? undefined;
  for (const key of path) {
    cur = cur === undefined ? undefined : mergedGet(view, cur, key);
  }
  return cur;
}

/** The keys a mapping has through merges, own keys first. */
export function mergedKeys(view: YamlView, node: unknown, depth = 0): string[] {
  const over = depth === 0 && node !== null && typeof node === 'object' ? overrides.get(node) : undefined;
  if (over) {
    const keys = new Set([...fileMergedKeys(view, node, depth), ...view.entries(over).map(([k]) => k)]);
    return [...keys].filter((k) => mergedPair(view, node, k) !== undefined);
  }
  return fileMergedKeys(view, node, depth);
}

function fileMergedKeys(view: YamlView, node: unknown, depth: number): string[] {
  const own = view.entries(node).map(([k]) => k).filter((k) => k !== '<<');
  const sources = depth > maxMergeDepth ? [] : inheritedFrom(view, node);
  if (sources.length === 0) {
    return own;
  }
  const out = new Set(own);
  for (const s of sources) {
    mergedKeys(view, s, depth + 1).forEach((k) => out.add(k));
  }
  return [...out];
}

/** Override files (compose.override.yaml, docker-compose.prod.override.yml…) hold parts of services defined elsewhere. */
export function isOverrideFile(path: string | undefined): boolean {
  const name = path?.split('/').pop() ?? '';
  return /override/i.test(name);
}

/** A service's mapping and those it extends in turn, nearest first (cycles and long chains cut). */
function extendsChain(node: YAMLMap): YAMLMap[] {
  const chain = [node];
  for (let base = extendsBases.get(node); base && chain.length <= maxMergeDepth && !chain.includes(base); base = extendsBases.get(base)) {
    chain.push(base);
  }
  return chain;
}

/** Builds the project model of one document; undefined when the document is not a mapping. */
export function composeModel(view: YamlView, options: ComposeModelOptions = {}): ComposeModel | undefined {
  const root = view.map(view.root);
  if (!root) {
    return undefined;
  }
  const services: ComposeService[] = [];
  for (const [name, pair] of view.entries(view.get(root, 'services'))) {
    const node = view.map(pair.value);
    const anchor = view.range(pair.key);
    if (node && anchor && !name.startsWith('x-')) {
      services.push({ name, node, anchor, fragment: false, extendsUnread: false });
    }
  }
  const byName = new Map(services.map((s) => [s.name, s.node]));
  const unresolved = new Set<ComposeService>();
  for (const s of services) {
    const ext = view.resolve(view.get(s.node, 'extends'));
    const baseName = view.str(ext) ?? view.text(ext, 'service');
    if (view.get(ext, 'file') !== undefined) {
      const file = view.text(ext, 'file');
      const base = file === undefined || baseName === undefined || isInterpolated(file) ? undefined : options.extendsBase?.(file, baseName);
      if (base) {
        extendsBases.set(s.node, base);
      } else {
        unresolved.add(s);
      }
      continue;
    }
    const base = baseName === undefined ? undefined : byName.get(baseName);
    if (base && base !== s.node) {
      extendsBases.set(s.node, base);
    }
  }
  const unresolvedNodes = new Set([...unresolved].map((s) => s.node));
  for (const s of services) {
    const over = options.overrideOf?.(s.name);
    if (over) {
      overrides.set(s.node, over);
    } else {
      overrides.delete(s.node);
    }
  }
  for (const s of services) {
    s.extendsUnread = extendsChain(s.node).some((node) => unresolvedNodes.has(node));
    s.fragment = options.override === true || s.extendsUnread || (mergedPair(view, s.node, 'image') === undefined && mergedPair(view, s.node, 'build') === undefined);
  }
  return { view, root, services, overrideServices: new Set(options.overrideServices) };
}

/** `${VAR}` / `$VAR` interpolation: the value's type is only known after Compose substitutes it. */
export function isInterpolated(text: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(text);
}
