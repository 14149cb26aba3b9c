import type { YAMLMap } from 'yaml';
import type { Range } from '../types';
import { YamlView } from '../yaml/access';
import type { YamlFile } from '../yaml/parse';

/** A string value of a Compose file with its range; `interpolated` when it contains `${…}`/`$VAR` (never resolved here). */
export interface ComposeValue {
  value: string;
  range: Range;
  interpolated: boolean;
}

export interface ComposeBuild {
  /** `build.context` (or the short `build: <path>` form); undefined means `.`. */
  context?: ComposeValue;
  dockerfile?: ComposeValue;
  target?: ComposeValue;
  inline: boolean;
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
}

export interface ComposeModel {
  view: YamlView;
  services: ComposeService[];
  /** The paths of top-level `include` entries (the short form, or each `path` of the long form). */
  includes: ComposeValue[];
}

function valueAt(view: YamlView, node: unknown, key: string): ComposeValue | undefined {
  const value = view.text(node, key);
  const range = view.valueRange(node, key);
  return value !== undefined && range ? { value, range, interpolated: value.includes('$') } : undefined;
}

function buildOf(view: YamlView, service: YAMLMap): ComposeBuild | undefined {
  const build = view.get(service, 'build');
  if (build === undefined) {
    return undefined;
  }
  const short = valueAt(view, service, 'build');
  if (short) {
    return { context: short, inline: false };
  }
  const out: ComposeBuild = { inline: view.get(build, 'dockerfile_inline') !== undefined };
  const context = valueAt(view, build, 'context');
  const dockerfile = valueAt(view, build, 'dockerfile');
  const target = valueAt(view, build, 'target');
  return { ...out, ...(context ? { context } : {}), ...(dockerfile ? { dockerfile } : {}), ...(target ? { target } : {}) };
}

function envFilesOf(view: YamlView, service: YAMLMap): ComposeService['envFiles'] {
  const single = valueAt(view, service, 'env_file');
  if (single) {
    return [{ ...single, required: true }];
  }
  const out: ComposeService['envFiles'] = [];
  for (const item of view.items(view.get(service, 'env_file'))) {
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

/** The services of the first document of a Compose file; an unparseable file gives none. */
export function composeModel(file: YamlFile): ComposeModel | undefined {
  const document = file.documents[0];
  if (!document || document.skipped !== undefined) {
    return undefined;
  }
  const view = new YamlView(file, document);
  const services: ComposeService[] = [];
  for (const [name, pair] of view.entries(view.get(view.root, 'services'))) {
    const node = view.map(pair.value);
    const nameRange = view.range(pair);
    if (!node || !nameRange) {
      continue;
    }
    const build = buildOf(view, node);
    const image = valueAt(view, node, 'image');
    const extendsFile = valueAt(view, view.get(node, 'extends'), 'file');
    services.push({ name, node, nameRange, envFiles: envFilesOf(view, node), ...(build ? { build } : {}), ...(image ? { image } : {}), ...(extendsFile ? { extendsFile } : {}) });
  }
  return { view, services, includes: includesOf(view, view.root) };
}
