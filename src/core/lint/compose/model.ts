import { Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import type { YamlView } from '../yaml/access';
import type { Range } from '../types';
import { isReset, overriddenPair } from './override-merge';
import type { DotEnv } from './interpolate';

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
  /**
   * A variant file's part of the main file's service of its name (`docker compose -f main -f variant`), read merged over
   * it. Still a fragment for the rules: what the main file holds is reported there; only rules about what the variant
   * adds (its GPUs' /dev/shm and memlock) judge the merged service.
   */
  completesMain?: true;
  /**
   * What the override file merges over this service, found by its name: services that share one node (`a: *gpu`,
   * `b: *gpu`) each get their own. The merged lookups (mergedGet…) apply it when given the service, not its node.
   */
  override?: YAMLMap;
}

/** A ComposeService, told from a YAML node (what the merged lookups take otherwise). */
function asService(x: unknown): ComposeService | undefined {
  return x !== null && typeof x === 'object' && 'anchor' in x && 'node' in x && 'fragment' in x ? (x as ComposeService) : undefined;
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
  /** The services of the main file a variant file is run with (`-f docker-compose.yml -f docker-compose.gpu.yml`). */
  baseServices?: readonly string[];
  /** The main file's service of a name, for a variant file's partial services (no image or build) to be merged over. */
  variantBaseOf?: (service: string) => YAMLMap | undefined;
  /** The variables of the project's `.env` file, which Compose interpolates `${VAR}` with (see projectEnv). */
  env?: DotEnv;
}

export interface ComposeModel {
  view: YamlView;
  root: YAMLMap;
  services: ComposeService[];
  /** Services the override file merged over this one defines (composeModel's `overrideServices`). */
  overrideServices: ReadonlySet<string>;
  /** Services of the main file this variant file is run with, and of the project that includes this file (composeModel's `baseServices`). */
  baseServices: ReadonlySet<string>;
}

const maxMergeDepth = 8;

/**
 * The service a service extends (`extends: web`, `extends: {service: web}`, or with `file:` when the caller read that
 * file), by the service's mapping; set by composeModel. Compose merges the base in under the service's own keys.
 */
const extendsBases = new WeakMap<object, YAMLMap>();

/** The `.env` variables of the document a view shows, as composeModel was given them. */
const projectEnvs = new WeakMap<YamlView, DotEnv>();

/** The project's `.env` variables for the document `view` shows, when the caller read the file (composeModel's `env`). */
export function projectEnv(view: YamlView): DotEnv | undefined {
  return projectEnvs.get(view);
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
 * The pair for `key` in a mapping, looking through `<<: *anchor` / `<<: [*a, *b]` merges and `extends`; given a
 * service (not its node), with the override file merged over it as well.
 */
export function mergedPair(view: YamlView, node: unknown, key: string, depth = 0): Pair | undefined {
  const service = asService(node);
  const inFile = fileMergedPair(view, service ? service.node : node, key, depth);
  const top = service?.override ? view.pair(service.override, key) : undefined;
  if (!top) {
    return inFile;
  }
  if (inFile) {
    return overriddenPair(view, inFile, top, key, 0);
  }
  // `key:` with nothing after it (its items commented out) sets nothing.
  return isReset(top.value) || isEmpty(view, top.value) ? undefined : top;
}

function isEmpty(view: YamlView, value: unknown): boolean {
  return value === null || value === undefined || (view.scalar(value)?.value === null && (value as Node).tag === undefined);
}

/** mergedPair within the file: its merges and `extends`. */
function fileMergedPair(view: YamlView, node: unknown, key: string, depth: number): Pair | undefined {
  node = asService(node)?.node ?? node;
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

/**
 * How the override file decides a service's `key`, so that no edit of this file's value changes it: it resets the
 * key (`!reset`), or sets it to a value that replaces this file's (a scalar, or anything tagged `!override`).
 * Undefined when it does not set the key or merges its value with this file's.
 */
export function overrideDecides(view: YamlView, service: ComposeService, key: string): 'reset' | 'set' | undefined {
  const top = service.override ? view.pair(service.override, key) : undefined;
  if (!top) {
    return undefined;
  }
  const value = view.resolve(top.value);
  if (isReset(value)) {
    return 'reset';
  }
  // An empty value (`shm_size:`, or `volumes:` over commented-out items) leaves this file's value as it is.
  if (isEmpty(view, value)) {
    return undefined;
  }
  return value?.tag === '!override' || (!view.map(value) && !view.seq(value)) ? 'set' : undefined;
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
  const service = asService(node);
  let cur: Node | undefined = service ? service.node : (view.resolve(node) ?? undefined);
  for (const [i, key] of path.entries()) {
    cur = cur === undefined ? undefined : mergedGet(view, i === 0 && service ? service : cur, key);
  }
  return cur;
}

/** The keys a mapping (or a service, with its override) has through merges, own keys first. */
export function mergedKeys(view: YamlView, node: unknown, depth = 0): string[] {
  const service = asService(node);
  if (service?.override) {
    const keys = new Set([...fileMergedKeys(view, service.node, depth), ...view.entries(service.override).map(([k]) => k)]);
    return [...keys].filter((k) => mergedPair(view, service, k) !== undefined);
  }
  return fileMergedKeys(view, service ? service.node : node, depth);
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

/**
 * A variant's service that writes its own image or build and few of the other keys of the main file's service of its
 * name (`docker-compose.gpu.yml`: a CUDA Dockerfile or image, CUDA variables, a GPU reservation): it swaps the image in
 * that service. One that writes half of them again or more (ports, volumes, restart…) is a whole copy, run on its own.
 */
function swapsImageOnly(view: YamlView, own: YAMLMap, base: YAMLMap): boolean {
  const others = (map: YAMLMap) => view.entries(map).map(([key]) => key).filter((key) => key !== 'image' && key !== 'build');
  const ownKeys = others(own);
  const baseKeys = others(base);
  const restated = ownKeys.filter((key) => baseKeys.includes(key)).length;
  return !ownKeys.includes('<<') && restated * 2 < baseKeys.length;
}

/**
 * Services that extend each other in a circle (`a` extends `b`, `b` extends `a`) inherit nothing: Compose refuses such a
 * file, so no merged value of theirs is real (and reading one would show a service's own entry twice).
 */
function cutExtendsCycles(services: readonly ComposeService[]): void {
  for (const s of services) {
    const seen = [s.node];
    for (let base = extendsBases.get(s.node); base && seen.length <= maxMergeDepth; base = extendsBases.get(base)) {
      const at = seen.indexOf(base);
      if (at >= 0) {
        seen.slice(at).forEach((node) => extendsBases.delete(node));
        break;
      }
      seen.push(base);
    }
  }
}

/** Builds the project model of one document; undefined when the document is not a mapping. */
export function composeModel(view: YamlView, options: ComposeModelOptions = {}): ComposeModel | undefined {
  const root = view.map(view.root);
  if (!root) {
    return undefined;
  }
  if (options.env) {
    projectEnvs.set(view, options.env);
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
  // A variant file's service without image, build or extends completes the main file's service of its name, as
  // `docker compose -f main -f variant` merges them; so does one that only swaps the image or build for it.
  if (options.variantBaseOf) {
    for (const s of services) {
      if (extendsBases.has(s.node) || view.get(s.node, 'extends') !== undefined) {
        continue;
      }
      // Its own keys and those a `<<` merge brings (no extends chain yet): a merged image or build makes it whole.
      const whole = mergedPair(view, s, 'image') !== undefined || mergedPair(view, s, 'build') !== undefined;
      const base = options.variantBaseOf(s.name);
      if (base && (!whole || swapsImageOnly(view, s.node, base))) {
        extendsBases.set(s.node, base);
        s.completesMain = true;
      }
    }
  }
  cutExtendsCycles(services);
  const unresolvedNodes = new Set([...unresolved].map((s) => s.node));
  for (const s of services) {
    const over = options.overrideOf?.(s.name);
    if (over) {
      s.override = over;
    }
  }
  for (const s of services) {
    s.extendsUnread = extendsChain(s.node).some((node) => unresolvedNodes.has(node));
    s.fragment = options.override === true || s.extendsUnread || s.completesMain === true || (mergedPair(view, s, 'image') === undefined && mergedPair(view, s, 'build') === undefined);
  }
  return { view, root, services, overrideServices: new Set(options.overrideServices), baseServices: new Set(options.baseServices) };
}

/** `${VAR}` / `$VAR` interpolation: the value's type is only known after Compose substitutes it. */
export function isInterpolated(text: string): boolean {
  return /\$(?:\{|[A-Za-z_])/.test(text);
}
