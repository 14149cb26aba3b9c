import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import type { YamlView } from '../yaml/access';
import { parseShortVolume } from './short-syntax';

const maxMergeDepth = 8;

/** Sequences an override replaces instead of extending. */
const replacedSequences = new Set(['command', 'entrypoint', 'healthcheck.test']);
/**
 * Settings compose-go turns into `KEY=VALUE` lists, joins, and then keeps one entry per key of (the last), whichever
 * form (list or mapping) each file writes: merged key by key here.
 */
const keyedSettings = new Set(['environment', 'labels', 'annotations', 'sysctls', 'build.args', 'build.labels', 'deploy.labels']);
/** Settings compose-go turns into mappings (a list item is a key with defaults) before merging them key by key. */
const mappedSettings = new Set(['depends_on', 'networks']);
/** Settings compose-go turns into `host=ip` lists and joins, leaving out the override's exact repeats. */
const hostLists = new Set(['extra_hosts', 'build.extra_hosts']);

/** Compose's `!reset` tag: the override removes the value. */
export function isReset(node: unknown): boolean {
  return node !== null && typeof node === 'object' && (node as Node).tag === '!reset';
}

/** The key of a `KEY=VALUE` (or bare `KEY`) list item. */
function itemKey(view: YamlView, item: unknown): string | undefined {
  const text = view.str(item);
  return text === undefined ? undefined : text.split('=', 1)[0];
}

/** A mapping entry written as a list item (`KEY=VALUE`, `KEY` without a value). */
function itemAsPair(view: YamlView, item: unknown, separator: RegExp): Pair | undefined {
  const text = view.str(item);
  const at = text === undefined ? -1 : text.search(separator);
  if (text === undefined) {
    return undefined;
  }
  return at < 0 ? new Pair(new Scalar(text), null) : new Pair(new Scalar(text.slice(0, at)), new Scalar(text.slice(at + 1)));
}

/** A mapping entry written as a list item (`KEY=VALUE`, or `KEY` for an entry without a value). */
function pairAsItem(view: YamlView, pair: Pair): Node | undefined {
  const key = view.keyOf(pair);
  if (key === undefined) {
    return undefined;
  }
  const value = view.resolve(pair.value);
  return new Scalar(value === null || value === undefined || view.str(value) === undefined ? key : `${key}=${view.str(value)}`);
}

/**
 * A key-value setting merged as compose-go merges it: in the form the service writes it, its entries in place
 * unless the override sets the same key (the override's entry then takes that place), the override's new keys after.
 */
function keyedMerge(view: YamlView, own: Pair, mine: Node, theirs: Node): Pair {
  const theirPairs: Pair[] = view.map(theirs) ? [...view.pairs(theirs)] : view.items(theirs).flatMap((i) => itemAsPair(view, i, /=/) ?? []);
  const theirByKey = new Map<string, Pair>();
  for (const p of theirPairs) {
    const k = view.keyOf(p);
    if (k !== undefined) {
      theirByKey.set(k, p);
    }
  }
  const used = new Set<string>();
  if (view.map(mine)) {
    const merged = new YAMLMap();
    for (const pair of view.pairs(mine)) {
      const k = view.keyOf(pair);
      const over = k === undefined ? undefined : theirByKey.get(k);
      if (k !== undefined) {
        used.add(k);
      }
      if (!over) {
        merged.items.push(pair);
      } else if (!isReset(over.value)) {
        merged.items.push(over);
      }
    }
    merged.items.push(...[...theirByKey].filter(([k, p]) => !used.has(k) && !isReset(p.value)).map(([, p]) => p));
    merged.flow = (mine as YAMLMap).flow === true;
    return new Pair(own.key, merged);
  }
  const joined = new YAMLSeq();
  for (const item of view.items(mine)) {
    const k = itemKey(view, item);
    const over = k === undefined ? undefined : theirByKey.get(k);
    if (k !== undefined) {
      used.add(k);
    }
    const replacement = over ? pairAsItem(view, over) : item;
    if (replacement && !(over && isReset(over.value))) {
      joined.items.push(replacement);
    }
  }
  joined.items.push(...[...theirByKey].filter(([k, p]) => !used.has(k) && !isReset(p.value)).flatMap(([, p]) => pairAsItem(view, p) ?? []));
  return new Pair(own.key, joined);
}

/**
 * `depends_on` or `networks` where one file writes a list and the other a mapping: a mapping, a listed name being
 * an entry with Compose's defaults. The service's list items stay the keys, so findings point at them.
 */
/**
 * A `depends_on` entry the override lists by name only: compose-go reads it as `{condition: service_started,
 * required: true}` and merges that over the service's own entry, so its condition becomes service_started.
 */
function listedDependency(view: YamlView, pair: Pair): Pair {
  const merged = new YAMLMap();
  merged.items.push(...view.pairs(pair.value).filter((p) => view.keyOf(p) !== 'condition' && view.keyOf(p) !== 'required'));
  merged.items.push(new Pair(new Scalar('condition'), new Scalar('service_started')), new Pair(new Scalar('required'), new Scalar(true)));
  return new Pair(pair.key, merged);
}

function mappedMerge(view: YamlView, own: Pair, mine: Node, theirs: Node, path: string): Pair {
  const theirPairs: Pair[] = view.map(theirs) ? [...view.pairs(theirs)] : view.items(theirs).map((i) => new Pair(i, null));
  const theirByKey = new Map(theirPairs.flatMap((p) => (view.keyOf(p) !== undefined ? [[view.keyOf(p) as string, p] as const] : [])));
  const ownPairs: Pair[] = view.map(mine) ? [...view.pairs(mine)] : view.items(mine).map((i) => new Pair(i, null));
  const merged = new YAMLMap();
  const used = new Set<string>();
  for (const pair of ownPairs) {
    const k = view.keyOf(pair);
    const over = k === undefined ? undefined : theirByKey.get(k);
    if (k !== undefined) {
      used.add(k);
    }
    if (over && view.map(over.value)) {
      merged.items.push(new Pair(pair.key, over.value));
    } else if (over && path === 'depends_on' && view.map(pair.value)) {
      merged.items.push(listedDependency(view, pair));
    } else {
      merged.items.push(pair);
    }
  }
  merged.items.push(...[...theirByKey].filter(([k, p]) => !used.has(k) && !isReset(p.value)).map(([, p]) => p));
  return new Pair(own.key, merged);
}

/** A volume's mount target (short syntax or `target:`), by which compose-go keeps one volume per target. */
function volumeTarget(view: YamlView, item: unknown): string | undefined {
  const text = view.str(item);
  return text !== undefined ? parseShortVolume(text)?.target : view.text(item, 'target');
}

/** Sequences joined as compose-go joins them, with its rule for which of the override's items replace the service's. */
function joinedSeq(view: YamlView, own: Pair, mine: Node, theirs: Node, path: string): Pair {
  const joined = new YAMLSeq();
  if (path === 'volumes') {
    const theirByTarget = new Map(view.items(theirs).map((i) => [volumeTarget(view, i) ?? view.str(i), i] as const));
    const placed = new Set<unknown>();
    for (const item of view.items(mine)) {
      const over = theirByTarget.get(volumeTarget(view, item) ?? view.str(item));
      joined.items.push(over ?? item);
      if (over) {
        placed.add(over);
      }
    }
    joined.items.push(...view.items(theirs).filter((i) => !placed.has(i)));
    return new Pair(own.key, joined);
  }
  const written = new Set(view.items(mine).map((i) => view.str(i)).filter((t) => t !== undefined));
  joined.items.push(...view.items(mine), ...view.items(theirs).filter((i) => !written.has(view.str(i) as string)));
  return new Pair(own.key, joined);
}

/** `extra_hosts` written as a list in one file and a mapping in the other: joined in the service's form, exact repeats left out. */
function hostsMerge(view: YamlView, own: Pair, mine: Node, theirs: Node): Pair {
  if (view.seq(mine)) {
    const theirItems = view.pairs(theirs).flatMap((p) => pairAsItem(view, p) ?? []);
    const written = new Set(view.items(mine).map((i) => view.str(i)?.replace(':', '=')));
    const joined = new YAMLSeq();
    joined.items.push(...view.items(mine), ...theirItems.filter((i) => !written.has(view.str(i))));
    return new Pair(own.key, joined);
  }
  const entry = (p: Pair) => `${view.keyOf(p) ?? ''}=${view.str(p.value) ?? ''}`;
  const written = new Set(view.pairs(mine).map(entry));
  const merged = new YAMLMap();
  merged.items.push(...view.pairs(mine), ...view.items(theirs).flatMap((i) => itemAsPair(view, i, /[=:]/) ?? []).filter((p) => !written.has(entry(p))));
  merged.flow = (mine as YAMLMap).flow === true;
  return new Pair(own.key, merged);
}

/** `build: ./dir` against a `build:` mapping: compose-go reads the string as `{context: ./dir}`. */
function buildMerge(view: YamlView, own: Pair, mine: Node, theirs: Node, depth: number): Pair | undefined {
  const asMap = (node: Node, key: unknown): YAMLMap => {
    if (view.map(node)) {
      return node as YAMLMap;
    }
    const m = new YAMLMap();
    m.items.push(new Pair(key, node));
    return m;
  };
  return overriddenPair(view, new Pair(own.key, asMap(mine, new Scalar('context'))), new Pair(own.key, asMap(theirs, new Scalar('context'))), 'build', depth, true);
}

/**
 * The override file's value merged over the service's at `path` (dotted, from the service), as compose-go merges the
 * files: mappings key by key (the override's keys win); sequences joined (the override's exact repeats left out,
 * volumes one per mount target); key-value settings (`environment`, `labels`, `build.args`…) key by key whichever
 * form each file writes; `depends_on` and `networks` lists read as mappings; `command`, `entrypoint`,
 * `healthcheck.test`, each limit under `ulimits`, a `logging` of another driver and other values replaced, an empty
 * value ignored; undefined for `!reset`. The service's own items keep their places in
 * the text; the override's have none, so nothing is reported at them.
 */
export function overriddenPair(view: YamlView, own: Pair, top: Pair, path: string, depth: number, buildRead = false): Pair | undefined {
  const mine = view.resolve(own.value);
  const theirs = view.resolve(top.value);
  if (isReset(theirs)) {
    return undefined;
  }
  // One limit of `ulimits` is replaced whole, as `command` is.
  if (theirs?.tag === '!override' || replacedSequences.has(path) || /^ulimits\.[^.]+$/.test(path) || !mine) {
    return top;
  }
  // An empty value (`environment:`) leaves the service's as it is.
  if (!theirs || (view.scalar(theirs) !== undefined && view.scalar(theirs)?.value === null)) {
    return own;
  }
  const collections = (view.map(mine) || view.seq(mine)) && (view.map(theirs) || view.seq(theirs));
  if (collections && keyedSettings.has(path) && !(view.map(mine) && view.map(theirs))) {
    return keyedMerge(view, own, mine, theirs);
  }
  if (collections && mappedSettings.has(path) && !(view.seq(mine) && view.seq(theirs))) {
    return mappedMerge(view, own, mine, theirs, path);
  }
  if (collections && hostLists.has(path) && !(view.map(mine) && view.map(theirs))) {
    return hostsMerge(view, own, mine, theirs);
  }
  if (path === 'build' && !buildRead && (view.map(mine) || view.map(theirs)) && !(view.map(mine) && view.map(theirs))) {
    return buildMerge(view, own, mine, theirs, depth);
  }
  // Logging options merge only under the same driver: another driver replaces the whole setting.
  if (path === 'logging' && view.text(mine, 'driver') !== undefined && view.text(theirs, 'driver') !== undefined && view.text(mine, 'driver') !== view.text(theirs, 'driver')) {
    return top;
  }
  if (depth <= maxMergeDepth && view.map(mine) && view.map(theirs)) {
    const merged = new YAMLMap();
    const ownKeys = new Set<string>();
    for (const pair of view.pairs(mine)) {
      const k = view.keyOf(pair);
      const over = k === undefined ? undefined : view.pair(theirs, k);
      const result = over && k !== undefined ? overriddenPair(view, pair, over, `${path}.${k}`, depth + 1) : pair;
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
    return joinedSeq(view, own, mine, theirs, path);
  }
  // A list against a mapping elsewhere, which compose-go refuses to merge: the service's own value is kept.
  return collections ? own : top;
}
