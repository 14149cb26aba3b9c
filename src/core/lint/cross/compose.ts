import type { Pair, YAMLMap } from 'yaml';
import type { Range } from '../types';
import { YamlView } from '../yaml/access';
import type { YamlFile } from '../yaml/parse';

/** A string value of a Compose file with its range; `interpolated` when it contains `${…}`/`$VAR` (never resolved here). */
export interface ComposeValue {
  value: string;
  range: Range;
  interpolated: boolean;
  /** The Compose file it is written in, when not the service's own: a base in another file (`extends: {file: …}`). */
  path?: string;
}

/**
 * A service's build as Compose sees it: its own `build`, or one a `<<: *anchor` merge brings, with the build of
 * the service it extends merged in under it key by key. Each value keeps the place it is written.
 */
export interface ComposeBuild {
  /** `build.context` (or the short `build: <path>` form); undefined means `.`. */
  context?: ComposeValue;
  dockerfile?: ComposeValue;
  target?: ComposeValue;
  inline: boolean;
  /** The Compose file the build comes from when it is wholly a base's in another file: its `.` is that file's folder. */
  path?: string;
}

export interface ComposeService {
  name: string;
  node: YAMLMap;
  nameRange: Range;
  build?: ComposeBuild;
  image?: ComposeValue;
  envFiles: (ComposeValue & { required: boolean })[];
  /** `extends.file`: the file its base service is in (long form only; the short form names a service of this file). */
  extendsFile?: ComposeValue;
  /** The service `extendsFile` names (`extends.service`). */
  extendsService?: string;
}

export interface ComposeModel {
  view: YamlView;
  services: ComposeService[];
  /** The paths of top-level `include` entries (the short form, or each `path` of the long form). */
  includes: ComposeValue[];
}

/** Nested `<<` merges and `extends` chains are followed this deep, no deeper (cycles end). */
export const maxMergeDepth = 8;

/**
 * A mapping's pair for `key` as YAML merge keys make it: its own, else that of the first `<<` source that has it
 * (`<<: *a` or `<<: [*a, *b]`; a source's own merges followed). Shallow: an own `build:` replaces a merged one.
 */
export function mergedPair(view: YamlView, node: unknown, key: string, depth = 0): Pair | undefined {
  const own = view.pair(node, key);
  if (own || depth > maxMergeDepth) {
    return own;
  }
  const merge = view.pair(node, '<<');
  if (!merge) {
    return undefined;
  }
  const sources = view.seq(merge.value) ? view.list(merge.value) : [view.resolve(merge.value)];
  for (const source of sources) {
    const found = mergedPair(view, source, key, depth + 1);
    if (found) {
      return found;
    }
  }
  return undefined;
}

function valueAt(view: YamlView, node: unknown, key: string): ComposeValue | undefined {
  return pairValue(view, view.pair(node, key));
}

function pairValue(view: YamlView, pair: Pair | undefined): ComposeValue | undefined {
  if (!pair) {
    return undefined;
  }
  const value = view.str(pair.value);
  const range = view.lineRange(pair.value) ?? view.range(pair.key);
  return value !== undefined && range ? { value, range, interpolated: value.includes('$') } : undefined;
}

function buildOf(view: YamlView, service: YAMLMap): ComposeBuild | undefined {
  const pair = mergedPair(view, service, 'build');
  const build = pair ? view.resolve(pair.value) : undefined;
  if (!pair || build === undefined) {
    return undefined;
  }
  const short = pairValue(view, pair);
  if (short) {
    return { context: short, inline: false };
  }
  const out: ComposeBuild = { inline: view.get(build, 'dockerfile_inline') !== undefined };
  const context = valueAt(view, build, 'context');
  const dockerfile = valueAt(view, build, 'dockerfile');
  const target = valueAt(view, build, 'target');
  return { ...out, ...(context ? { context } : {}), ...(dockerfile ? { dockerfile } : {}), ...(target ? { target } : {}) };
}

/**
 * `own` over `base`, as Compose merges the build of a service it extends: key by key, its own values win. The
 * defaults (`.` as the context) come from the base's file only when the service writes no build of its own.
 */
export function extendedBuild(own: ComposeBuild | undefined, base: ComposeBuild | undefined): ComposeBuild | undefined {
  if (!base || !own) {
    return own ?? base;
  }
  const out: ComposeBuild = { inline: own.inline || (base.inline && !own.dockerfile) };
  const context = own.context ?? base.context;
  const dockerfile = own.dockerfile ?? (own.inline ? undefined : base.dockerfile);
  const target = own.target ?? base.target;
  return { ...out, ...(context ? { context } : {}), ...(dockerfile ? { dockerfile } : {}), ...(target ? { target } : {}) };
}

function envFilesOf(view: YamlView, service: YAMLMap): ComposeService['envFiles'] {
  const pair = mergedPair(view, service, 'env_file');
  const single = pairValue(view, pair);
  if (single) {
    return [{ ...single, required: true }];
  }
  const out: ComposeService['envFiles'] = [];
  for (const item of view.list(pair?.value)) {
    const text = view.str(item);
    const range = view.range(item);
    if (text !== undefined && range) {
      out.push({ value: text, range, interpolated: text.includes('$'), required: true });
      continue;
    }
    const path = valueAt(view, item, 'path');
    if (path) {
      out.push({ ...path, required: view.bool(item, 'required') !== false });
    }
  }
  return out;
}

/** Each path `include` names: `- path`, `- path: file` or `- path: [file, override]`. */
function includesOf(view: YamlView, root: unknown): ComposeValue[] {
  const out: ComposeValue[] = [];
  const add = (node: unknown): void => {
    const value = view.str(node);
    const range = view.range(node);
    if (value !== undefined && range) {
      out.push({ value, range, interpolated: value.includes('$') });
    }
  };
  for (const entry of view.items(view.get(root, 'include'))) {
    if (view.map(entry)) {
      const paths = view.get(entry, 'path');
      (view.seq(paths) ? view.items(paths) : [paths]).forEach(add);
    } else {
      add(entry);
    }
  }
  return out;
}

/**
 * A service's build and image with those of the same-file services it extends folded in (own values first), as
 * Compose reads them; a chain that runs in a circle or deeper than maxMergeDepth ends where it does.
 */
function withSameFileBases(services: ComposeService[], bases: ReadonlyMap<ComposeService, ComposeService>): void {
  const done = new Set<ComposeService>();
  const fold = (s: ComposeService, depth: number, seen: Set<ComposeService>): void => {
    const base = bases.get(s);
    if (done.has(s) || !base || depth > maxMergeDepth || seen.has(base)) {
      done.add(s);
      return;
    }
    seen.add(s);
    fold(base, depth + 1, seen);
    done.add(s);
    const build = extendedBuild(s.build, base.build);
    const image = s.image ?? base.image;
    if (build) {
      s.build = build;
    }
    if (image) {
      s.image = image;
    }
  };
  for (const s of services) {
    fold(s, 0, new Set());
  }
}

/** The services of the first document of a Compose file; an unparseable file gives none. */
export function composeModel(file: YamlFile): ComposeModel | undefined {
  const document = file.documents[0];
  if (!document || document.skipped !== undefined) {
    return undefined;
  }
  const view = new YamlView(file, document);
  const services: ComposeService[] = [];
  // Same-file `extends` (`extends: web`, `extends: {service: web}`): the name of the base, by service.
  let extending: Map<ComposeService, string> | undefined;
  for (const [name, pair] of view.entries(view.get(view.root, 'services'))) {
    const node = view.map(pair.value);
    const nameRange = view.range(pair);
    if (!node || !nameRange) {
      continue;
    }
    const build = buildOf(view, node);
    const image = pairValue(view, mergedPair(view, node, 'image'));
    const ext = mergedPair(view, node, 'extends')?.value;
    const extendsFile = valueAt(view, ext, 'file');
    const baseName = view.str(ext) ?? view.text(ext, 'service');
    const service: ComposeService = { name, node, nameRange, envFiles: envFilesOf(view, node), ...(build ? { build } : {}), ...(image ? { image } : {}) };
    if (extendsFile) {
      service.extendsFile = extendsFile;
      if (baseName !== undefined) {
        service.extendsService = baseName;
      }
    } else if (baseName !== undefined && view.get(ext, 'file') === undefined) {
      (extending ??= new Map()).set(service, baseName);
    }
    services.push(service);
  }
  if (extending) {
    const byName = new Map(services.map((s) => [s.name, s]));
    const bases = new Map<ComposeService, ComposeService>();
    extending.forEach((baseName, s) => {
      const base = byName.get(baseName);
      if (base && base !== s) {
        bases.set(s, base);
      }
    });
    withSameFileBases(services, bases);
  }
  return { view, services, includes: includesOf(view, view.root) };
}
