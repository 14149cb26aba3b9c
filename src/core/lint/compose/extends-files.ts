import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';
import { YamlView } from '../yaml/access';
import { parseYaml } from '../yaml/parse';
import { composeModel, isInterpolated, mergedKeys, mergedPair } from './model';

/** Other Compose files' text, by the path their extending services write under `extends: {file: …}`. */
export type ExtendsFiles = ReadonlyMap<string, string>;

/** Larger files are not read for `extends`: Compose files are a few kilobytes. */
export const maxExtendsFileChars = 1024 * 1024;
/** At most this many files are read for the `extends` of one file. */
export const maxExtendsFiles = 16;
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
 * A copy of a node with its own `<<` merges and same-file `extends` folded in and aliases followed, built of new nodes
 * without source ranges: nothing in it can be taken for a place in the file that extends it. Undefined past the budget.
 */
function detached(view: YamlView, node: unknown, depth: number, budget: { nodes: number }): Node | undefined {
  const resolved = view.resolve(node);
  if (--budget.nodes < 0 || depth > maxDepth) {
    return undefined;
  }
  if (view.map(resolved)) {
    const copy = new YAMLMap();
    // The base's own `extends` into a further file is not followed.
    for (const key of mergedKeys(view, resolved).filter((k) => depth > 0 || k !== 'extends')) {
      const pair = mergedPair(view, resolved, key);
      const value = pair?.value === null || pair?.value === undefined ? null : detached(view, pair.value, depth + 1, budget);
      if (value === undefined) {
        return undefined;
      }
      copy.items.push(new Pair(new Scalar(key), value));
    }
    return copy;
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
    return copy;
  }
  const scalar = view.scalar(resolved);
  if (!scalar) {
    return undefined;
  }
  const copy = new Scalar(scalar.value);
  if (scalar.type !== undefined) {
    copy.type = scalar.type;
  }
  return copy;
}

/**
 * Looks up services in the files given, each parsed once, for `composeModel`'s `extendsBase`. The base keeps its own
 * file's merges and same-file `extends`; an `extends` into a further file is not followed, so cycles end.
 */
export function extendsBaseLookup(files: ExtendsFiles): (file: string, service: string) => YAMLMap | undefined {
  const views = new Map<string, YamlView | undefined>();
  const bases = new Map<string, YAMLMap | undefined>();
  const viewOf = (file: string): YamlView | undefined => {
    if (!views.has(file)) {
      const text = files.get(file);
      const parsed = text !== undefined && text.length <= maxExtendsFileChars ? parseYaml(text) : undefined;
      const document = parsed?.documents.find((d) => d.skipped === undefined);
      const view = parsed && document ? new YamlView(parsed, document) : undefined;
      views.set(file, view && composeModel(view) ? view : undefined);
    }
    return views.get(file);
  };
  return (file, service) => {
    const key = `${file}\0${service}`;
    if (!bases.has(key)) {
      const view = viewOf(file);
      const node = view ? view.map(view.get(view.get(view.root, 'services'), service)) : undefined;
      const copy = view && node ? view.map(detached(view, node, 0, { nodes: maxNodes })) : undefined;
      bases.set(key, copy);
    }
    return bases.get(key);
  };
}
