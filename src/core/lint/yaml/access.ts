import type { Node } from 'yaml';
import { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Range } from '../types';
import type { YamlDocument, YamlFile } from './parse';
import { firstLineRange, nodeRange } from './parse';

/** A scalar's value as text: strings as they are, numbers/booleans/bigints through String(); else undefined. */
export function scalarText(node: unknown): string | undefined {
  if (!(node instanceof Scalar)) {
    return undefined;
  }
  const v: unknown = node.value;
  if (typeof v === 'string') {
    return v;
  }
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
}

export type YamlPath = readonly (string | number)[];

const noItems: readonly Node[] = [];
const noPairs: readonly Pair[] = [];

/** Mappings with more entries than this get a key index instead of a scan per lookup. */
const indexedMapSize = 16;

/** A value derived from a key (a node, a string) by a pure function of the view and the key; see `YamlView.derive`. */
export interface Derivation<K, T> {
  readonly id: number;
  compute(view: YamlView, key: K): T;
}

let derivationCount = 0;

/** Marks a derivation slot that holds no value yet (keys and values may be undefined). */
const unset: unknown = Symbol('unset');

/** Above this many keys in one slot, a view keeps the slot's values in a Map instead of a list it scans. */
const maxListedDerivations = 8;

/** Declares a derivation (at module level: each gets a slot in every view). */
export function derivation<K, T>(compute: (view: YamlView, key: K) => T): Derivation<K, T> {
  return { id: derivationCount++, compute };
}

const keyIndexes = derivation((view, m: YAMLMap): Map<string, Pair> => {
  const index = new Map<string, Pair>();
  for (const item of m.items) {
    const text = view.keyOf(item);
    if (text !== undefined && !index.has(text)) {
      index.set(text, item);
    }
  }
  return index;
});

/*
 * Node types are told apart with instanceof rather than the package's isMap/isScalar/…: those read a
 * symbol-keyed mark that nodes of every type (and the package's and the fast path's constructors) carry
 * in different places, so each such read is a megamorphic lookup. The package's node-type marks and its
 * classes agree (each class's constructor sets its mark; the fast path's nodes share the prototypes).
 */

/** Read access to one parsed document: aliases followed, ranges exact, 1-based. */
export class YamlView {
  /** Derived values by derivation slot: the first key at [2·id], its value at [2·id + 1]; `unset` where none. */
  private derived: unknown[] | undefined;
  /** A slot's further keys and values: [key, value, key, value, …] while few, else a Map. */
  private moreDerived: (unknown[] | Map<unknown, unknown>)[] | undefined;

  constructor(readonly file: YamlFile, readonly document: YamlDocument) {}

  /** `d.compute(this, key)`, computed once per view and key. The value is shared: callers must not modify it. */
  derive<K, T>(d: Derivation<K, T>, key: K): T {
    const i = 2 * d.id;
    let memo = this.derived;
    if (memo === undefined || i >= memo.length) {
      memo = this.derivedSlots();
    }
    const first = memo[i];
    if (first === key) {
      return memo[i + 1] as T;
    }
    if (first === unset) {
      const value = d.compute(this, key);
      memo[i] = key;
      memo[i + 1] = value;
      return value;
    }
    return this.deriveMore(d, key);
  }

  /** The slot array, with a slot for every derivation declared so far. */
  private derivedSlots(): unknown[] {
    const memo = this.derived;
    if (memo === undefined) {
      return (this.derived = new Array<unknown>(2 * derivationCount).fill(unset));
    }
    while (memo.length < 2 * derivationCount) {
      memo.push(unset);
    }
    return memo;
  }

  /** `derive` for a slot's second and later keys (several containers, pods, …). */
  private deriveMore<K, T>(d: Derivation<K, T>, key: K): T {
    const all = (this.moreDerived ??= []);
    const memo = all[d.id];
    if (memo === undefined) {
      const value = d.compute(this, key);
      all[d.id] = [key, value];
      return value;
    }
    if (memo instanceof Map) {
      if (memo.has(key)) {
        return memo.get(key) as T;
      }
      const value = d.compute(this, key);
      memo.set(key, value);
      return value;
    }
    for (let i = 0; i < memo.length; i += 2) {
      if (memo[i] === key) {
        return memo[i + 1] as T;
      }
    }
    const value = d.compute(this, key);
    if (memo.length < 2 * maxListedDerivations) {
      memo.push(key, value);
    } else {
      const map = new Map<unknown, unknown>();
      for (let i = 0; i < memo.length; i += 2) {
        map.set(memo[i], memo[i + 1]);
      }
      map.set(key, value);
      all[d.id] = map;
    }
    return value;
  }

  /** Drops the derived values (they are recomputed on demand): for a view that outlives its rules. */
  forgetDerived(): void {
    this.derived = undefined;
    this.moreDerived = undefined;
  }

  get root(): Node | null {
    return this.resolve(this.document.doc.contents);
  }

  /** Follows an alias to its anchored node (one hop; anchors never point at aliases). */
  resolve(node: unknown): Node | null {
    if (node instanceof Alias) {
      return this.document.anchors.get(node.source) ?? null;
    }
    return (node ?? null) as Node | null;
  }

  /*
   * map, seq and scalar test for their own type before the alias: an instanceof test that fails walks
   * the node's whole prototype chain, and most nodes asked about are of the type asked for.
   */

  map(node: unknown): YAMLMap | undefined {
    if (node instanceof YAMLMap) {
      return node;
    }
    const n = node instanceof Alias ? this.resolve(node) : undefined;
    return n instanceof YAMLMap ? n : undefined;
  }

  seq(node: unknown): YAMLSeq | undefined {
    if (node instanceof YAMLSeq) {
      return node;
    }
    const n = node instanceof Alias ? this.resolve(node) : undefined;
    return n instanceof YAMLSeq ? n : undefined;
  }

  /** The pair of a mapping whose key is the scalar `key` (the first such pair). */
  pair(node: unknown, key: string): Pair | undefined {
    const m = this.map(node);
    if (!m) {
      return undefined;
    }
    const items = m.items;
    if (items.length > indexedMapSize) {
      return this.keyIndex(m).get(key);
    }
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Pair;
      // Only scalars have a `value`: plain string keys compare directly; aliases and numbers or booleans go through scalarText.
      const k = item.key as { value?: unknown } | null;
      const v = k == null ? undefined : k.value;
      if (v === key || (typeof v !== 'string' && scalarText(this.resolve(k)) === key)) {
        return item;
      }
    }
    return undefined;
  }

  /** Key text → first pair, for big mappings (built once per mapping and view). */
  private keyIndex(m: YAMLMap): Map<string, Pair> {
    return this.derive(keyIndexes, m);
  }

  /** The value node at `key` (aliases followed). */
  get(node: unknown, key: string): Node | undefined {
    const p = this.pair(node, key);
    return p ? (this.resolve(p.value) ?? undefined) : undefined;
  }

  /** Walks a path of mapping keys and sequence indices. */
  at(node: unknown, path: YamlPath): Node | undefined {
    let cur: Node | undefined = this.resolve(node) ?? undefined;
    for (const seg of path) {
      if (cur === undefined) {
        return undefined;
      }
      if (typeof seg === 'number') {
        const s = this.seq(cur);
        cur = s ? (this.resolve(s.items[seg]) ?? undefined) : undefined;
      } else {
        cur = this.get(cur, seg);
      }
    }
    return cur;
  }

  /** Items of a sequence (aliases followed, empty items left out), as a new array; [] when not a sequence. */
  items(node: unknown): Node[] {
    return this.list(node).slice();
  }

  /**
   * Items of a sequence like `items`, without the copy: usually the sequence's own item list (most
   * have no aliases or empty items), so callers must not modify it.
   */
  list(node: unknown): readonly Node[] {
    const s = this.seq(node);
    if (!s) {
      return noItems;
    }
    const items: readonly unknown[] = s.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item instanceof Alias || item === null || item === undefined) {
        return this.resolvedItems(items);
      }
    }
    return items as Node[];
  }

  private resolvedItems(items: readonly unknown[]): Node[] {
    const out: Node[] = [];
    for (const i of items) {
      const n = this.resolve(i);
      if (n !== null && n !== undefined) {
        out.push(n);
      }
    }
    return out;
  }

  /** Pairs of a mapping with scalar keys, as [key text, pair]. */
  entries(node: unknown): [string, Pair][] {
    const out: [string, Pair][] = [];
    for (const item of this.pairs(node)) {
      const text = this.keyOf(item);
      if (text !== undefined) {
        out.push([text, item]);
      }
    }
    return out;
  }

  /** The pairs of a mapping (its own list: do not modify), keys of every kind; [] when not a mapping. Read keys with `keyOf`. */
  pairs(node: unknown): readonly Pair[] {
    const m = this.map(node);
    return m ? m.items : noPairs;
  }

  /** A pair's key as text when it is a scalar (aliases followed), as `entries` gives it. */
  keyOf(pair: Pair): string | undefined {
    const key = pair.key;
    return scalarText(key instanceof Scalar ? key : this.resolve(key));
  }

  scalar(node: unknown): Scalar | undefined {
    if (node instanceof Scalar) {
      return node;
    }
    const n = node instanceof Alias ? this.resolve(node) : undefined;
    return n instanceof Scalar ? n : undefined;
  }

  /** A scalar's value as text (numbers and booleans as written by String()); undefined otherwise. */
  str(node: unknown): string | undefined {
    return scalarText(this.scalar(node));
  }

  /** The string at `key`, e.g. `view.text(container, 'name')`. */
  text(node: unknown, key: string): string | undefined {
    return this.str(this.get(node, key));
  }

  bool(node: unknown, key: string): boolean | undefined {
    const v = this.scalar(this.get(node, key))?.value;
    return typeof v === 'boolean' ? v : undefined;
  }

  range(node: unknown): Range | undefined {
    return nodeRange(this.file, (node instanceof Pair ? node.key : node) as Node);
  }

  /** A node's range, clipped to its first line. */
  lineRange(node: unknown): Range | undefined {
    return firstLineRange(this.file, node as Node);
  }

  /** Range of the key at `path` (the last segment must be a mapping key). */
  rangeOfKey(node: unknown, path: YamlPath): Range | undefined {
    const last = path[path.length - 1];
    if (typeof last !== 'string') {
      return undefined;
    }
    const parent = this.at(node, path.slice(0, -1));
    const p = this.pair(parent, last);
    return p ? nodeRange(this.file, p.key as Node) : undefined;
  }

  /** Range of the value at `path` (first line only for block collections). */
  rangeOfValue(node: unknown, path: YamlPath): Range | undefined {
    const last = path[path.length - 1];
    if (typeof last === 'string') {
      const p = this.pair(this.at(node, path.slice(0, -1)), last);
      return p ? firstLineRange(this.file, p.value as Node) : undefined;
    }
    const s = this.seq(this.at(node, path.slice(0, -1)));
    return s && typeof last === 'number' ? firstLineRange(this.file, s.items[last] as Node) : undefined;
  }

  /** The key of a pair as a range. */
  keyRange(node: unknown, key: string): Range | undefined {
    const p = this.pair(node, key);
    return p ? nodeRange(this.file, p.key as Node) : undefined;
  }

  /** The value of a pair as a range (first line); falls back to the key when the value is empty. */
  valueRange(node: unknown, key: string): Range | undefined {
    const p = this.pair(node, key);
    if (!p) {
      return undefined;
    }
    return firstLineRange(this.file, p.value as Node) ?? nodeRange(this.file, p.key as Node);
  }

  /** The value of a pair (from `entries`) as a range (first line); falls back to the key when the value is empty. */
  pairValueRange(p: Pair): Range | undefined {
    return firstLineRange(this.file, p.value as Node) ?? nodeRange(this.file, p.key as Node);
  }

  /** Indentation (spaces) of the line a node starts on, and the column it starts at (1-based). */
  columnOf(node: unknown): number | undefined {
    return this.range(node)?.start.column;
  }
}

/** Convenience for whole-file helpers. */
export function viewOf(file: YamlFile, document: YamlDocument): YamlView {
  return new YamlView(file, document);
}
