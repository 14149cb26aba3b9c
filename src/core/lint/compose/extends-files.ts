import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { YamlView } from '../yaml/access';
import { parseYaml } from '../yaml/parse';
import { extendsPathFrom } from './extends-paths';
import { composeModel, isInterpolated, mergedKeys, mergedPair } from './model';
import type { ComposeModelOptions } from './model';

/** Other Compose files' text, by the path their extending services write under `extends: {file: …}`. */
export type ExtendsFiles = ReadonlyMap<string, string>;

/** Larger files are not read for `extends`: Compose files are a few kilobytes. */
export const maxExtendsFileChars = 1024 * 1024;
/** At most this many files are read for the `extends` of one file. */
export const maxExtendsFiles = 16;
/** A base's own `extends` into a further file is followed this many files deep from the linted file, no further. */
export const maxExtendsDepth = 4;
const maxDepth = 32;
const maxNodes = 20_000;

/** The files a Compose text's services extend (`extends: {file: common.yaml, service: base}`), as written, without interpolated ones. */
export function extendsFileNames(text: string): string[] {
  if (!text.includes('extends') || !text.includes('file')) {
    return [];
  }
  const parsed = parseYaml(text);
  const names = new Set<string>();
  for (const document of parsed.documents) {
    if (document.skipped !== undefined) {
      continue;
    }
    const view = new YamlView(parsed, document);
    for (const [, pair] of view.entries(view.get(view.root, 'services'))) {
      const file = view.text(view.resolve(view.get(pair.value, 'extends')), 'file');
      if (file !== undefined && file !== '' && !isInterpolated(file)) {
        names.add(file);
      }
    }
  }
  return [...names].slice(0, maxExtendsFiles);
}

/**
 * A copy of a node with its own `<<` merges and `extends` folded in and aliases followed, built of new nodes
 * without source ranges: nothing in it can be taken for a place in the file that extends it. Undefined past the budget.
 */
function detached(view: YamlView, node: unknown, depth: number, budget: { nodes: number }): Node | undefined {
  const resolved = view.resolve(node);
  if (--budget.nodes < 0 || depth > maxDepth) {
    return undefined;
  }
  if (view.map(resolved)) {
    const copy = new YAMLMap();
    // The base's own `extends` is not a key of the service that extends it: its result is merged in already.
    for (const key of mergedKeys(view, resolved).filter((k) => depth > 0 || k !== 'extends')) {
      const pair = mergedPair(view, resolved, key);
      const value = pair?.value === null || pair?.value === undefined ? null : detached(view, pair.value, depth + 1, budget);
      if (value === undefined) {
        return undefined;
      }
      copy.items.push(new Pair(new Scalar(key), value));
    }
    return tagged(copy, resolved as Node);
  }
  if (view.seq(resolved)) {
    const copy = new YAMLSeq();
    for (const item of view.items(resolved)) {
      const value = detached(view, item, depth + 1, budget);
      if (value === undefined) {
        return undefined;
      }
      copy.items.push(value);
    }
    return tagged(copy, resolved as Node);
  }
  const scalar = view.scalar(resolved);
  if (!scalar) {
    return undefined;
  }
  const copy = new Scalar(scalar.value);
  if (scalar.type !== undefined) {
    copy.type = scalar.type;
  }
  return tagged(copy, scalar);
}

/** Keeps Compose's merge tags (`!reset`, `!override`) on a copy. */
function tagged<T extends Node>(copy: T, original: Node): T {
  if (original.tag !== undefined) {
    copy.tag = original.tag;
  }
  return copy;
}

/** A base file, parsed, with the detached copies of its services made so far. */
interface BaseFile {
  view: YamlView;
  /** Services that extend, themselves or through their same-file bases, a service in a further file that was not read. */
  extendsUnread: ReadonlySet<string>;
  copies: Map<string, YAMLMap | undefined>;
}

/**
 * Base files parsed lately, by their text, most recent last: the files of a project extend the same `common.yaml`,
 * which is then parsed once per thread, not once per file. Detached copies are never changed, so files may share them.
 */
const parsedBases = new Map<string, BaseFile | undefined>();
const maxParsedBaseChars = 4 * maxExtendsFileChars;

function parseBase(text: string, extendsBase?: ComposeModelOptions['extendsBase']): BaseFile | undefined {
  const parsed = text.length <= maxExtendsFileChars ? parseYaml(text) : undefined;
  const document = parsed?.documents.find((d) => d.skipped === undefined);
  const view = parsed && document ? new YamlView(parsed, document) : undefined;
  const model = view ? composeModel(view, extendsBase ? { extendsBase } : {}) : undefined;
  return view && model ? { view, extendsUnread: new Set(model.services.filter((s) => s.extendsUnread).map((s) => s.name)), copies: new Map() } : undefined;
}

function baseFile(text: string): BaseFile | undefined {
  if (parsedBases.has(text)) {
    const hit = parsedBases.get(text);
    parsedBases.delete(text);
    parsedBases.set(text, hit);
    return hit;
  }
  const file = parseBase(text);
  parsedBases.set(text, file);
  let chars = [...parsedBases.keys()].reduce((sum, t) => sum + t.length, 0);
  for (const oldest of parsedBases.keys()) {
    if (chars <= maxParsedBaseChars || oldest === text) {
      break;
    }
    parsedBases.delete(oldest);
    chars -= oldest.length;
  }
  return file;
}

/** A service of a parsed base file, detached (see detached), made once per file. */
function detachedService(base: BaseFile, service: string): YAMLMap | undefined {
  if (!base.copies.has(service)) {
    const { view } = base;
    const node = view.map(view.get(view.get(view.root, 'services'), service));
    base.copies.set(service, node ? view.map(detached(view, node, 0, { nodes: maxNodes })) : undefined);
  }
  return base.copies.get(service);
}

/**
 * Looks up services in the files given for `composeModel`'s `extendsBase`. The base keeps its own file's merges and
 * same-file `extends`; its `extends` into a further file is followed in the files given, by the path relative to the
 * base's folder (see readExtendsFiles), at most `maxExtendsDepth` files deep (so cycles end). A base whose chain
 * reaches a file not given, or goes deeper, is not given: the service extending it is then incomplete here, a fragment.
 */
export function extendsBaseLookup(files: ExtendsFiles): (file: string, service: string) => YAMLMap | undefined {
  // Bases whose services extend further files, parsed with those followed, by their depth and path: a few per lint.
  const followed = new Map<string, BaseFile | undefined>();
  const lookup = (name: string, service: string, depth: number): YAMLMap | undefined => {
    const text = files.get(name);
    const base = text === undefined ? undefined : baseFile(text);
    if (text === undefined || !base) {
      return undefined;
    }
    if (!base.extendsUnread.has(service)) {
      return detachedService(base, service);
    }
    if (depth >= maxExtendsDepth) {
      return undefined;
    }
    const key = `${depth}\0${name}`;
    if (!followed.has(key)) {
      followed.set(key, parseBase(text, (further, s) => lookup(extendsPathFrom(name, further), s, depth + 1)));
    }
    const chained = followed.get(key);
    return chained && !chained.extendsUnread.has(service) ? detachedService(chained, service) : undefined;
  };
  return (file, service) => lookup(file, service, 1);
}

/**
 * The services each file given for `extends` defines, for telling a base that is not there from one not read: undefined
 * when the file was not given, has syntax problems or no `services` mapping, or `include`s other files (not read here).
 */
export function extendsFileServices(files: ExtendsFiles): (file: string) => readonly string[] | undefined {
  return (file) => {
    const text = files.get(file);
    const base = text === undefined ? undefined : baseFile(text);
    const services = base?.view.map(base.view.get(base.view.root, 'services'));
    if (!base || !services || base.view.document.issues.length > 0 || base.view.get(base.view.root, 'include') !== undefined) {
      return undefined;
    }
    return mergedKeys(base.view, services);
  };
}

/**
 * Looks up services in the text of a main file's override file for `composeModel`'s `overrideOf`, parsed as bases
 * are (once per thread). An override service's own `extends` is not followed: its keys are merged as written.
 */
export function overrideServiceLookup(text: string): (service: string) => YAMLMap | undefined {
  return (service) => {
    const base = baseFile(text);
    return base ? detachedService(base, service) : undefined;
  };
}

/** The services an override file defines, by name (those it adds to the project as well as those it changes). */
export function overrideServiceNames(text: string): string[] {
  const base = baseFile(text);
  return base ? base.view.entries(base.view.get(base.view.root, 'services')).map(([name]) => name) : [];
}

/** The file names `docker compose` reads without `-f`, in the order it looks for them. */
export const defaultComposeFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const defaultOverrideFileNames = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The override files `docker compose` may merge over the file `name` without `-f`: none unless it is a default name. */
export function defaultOverrideNamesFor(name: string): readonly string[] {
  return defaultComposeFileNames.includes(name) ? defaultOverrideFileNames : [];
}

/**
 * The override file `docker compose` merges over the file `name` without `-f`, given the names in its folder: the
 * first default override name present, when `name` is the first default Compose file name present there.
 */
export function defaultOverrideFor(name: string, namesInFolder: ReadonlySet<string>): string | undefined {
  const main = defaultComposeFileNames.find((n) => namesInFolder.has(n));
  return main === name ? defaultOverrideFileNames.find((n) => namesInFolder.has(n)) : undefined;
}

/**
 * The main Compose file a variant file (`docker-compose.gpu.yml` beside `docker-compose.yml`) is usually run with
 * (`docker compose -f docker-compose.yml -f docker-compose.gpu.yml`): the first default Compose file name present in
 * its folder; undefined for default and override files and for a folder without one.
 */
export function variantBaseFor(name: string, namesInFolder: ReadonlySet<string>): string | undefined {
  return isComposeVariantName(name) ? defaultComposeFileNames.find((n) => namesInFolder.has(n)) : undefined;
}

/** `docker-compose.<variant>.yml` or `compose.<variant>.yaml`, but no default or override file name. */
export function isComposeVariantName(name: string): boolean {
  return /^(?:docker-)?compose\.[^/]+\.ya?ml$/i.test(name) && !defaultComposeFileNames.includes(name) && !/override/i.test(name);
}
