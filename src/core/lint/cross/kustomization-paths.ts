import type { Node } from 'yaml';
import type { YamlView } from '../yaml/access';

/**
 * What `kustomize build` reads at a path a kustomization names: a file (`Load`), a file or a folder holding a
 * kustomization (`resources`, `bases`: a file first, else a base), or a folder holding one (`components`).
 */
export type KustomizationPathNeed = 'file' | 'file-or-kustomization' | 'kustomization';

/** A local path a kustomization names, as written. */
export interface KustomizationPathRef {
  /** Where it is written, for messages: `resources entry`, `configMapGenerator "app" files entry`, `openapi.path`. */
  field: string;
  /** The path, relative to the kustomization's folder (a `files` entry's part after `key=`). */
  path: string;
  /** What comes before the path in the scalar (`key=`), so that a fix keeps it. */
  prefix: string;
  node: Node;
  needs: KustomizationPathNeed;
}

/**
 * Paths kustomize fetches or that are no workspace path: URLs (`https://…`, `oci://…`), git specs (`git@…`,
 * `git::…`, `gh:…`, `github.com/…`, `…/_git/…`, a `//` subpath, a `?ref=` query), a host-named first segment
 * (`gitlab.com/org/repo`), absolute or home paths, Windows separators, and values a tool fills in (`${VAR}`, `{{ }}`).
 */
const notLocal = /:\/\/|^(?:git::|gh:|git@|github\.com[:/])|_git\/|\/\/|\?|^[/~]|^[a-z]:|\\|\$|\{\{/i;
const hostFirst = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?\//i;

/** A single-line local path (the only kind kustomize reads from the kustomization's folder). */
function localPath(value: string): boolean {
  return value.trim() !== '' && !value.includes('\n') && !notLocal.test(value) && !hostFirst.test(value);
}

/**
 * A `files` entry's path: kustomize splits `key=path` at the first `=` (a key alone, an empty path or a second
 * `=` fail otherwise, not for want of the file); undefined when the entry is none of these.
 */
function fileSource(entry: string): { prefix: string; path: string } | undefined {
  const at = entry.indexOf('=');
  if (at < 0) {
    return { prefix: '', path: entry };
  }
  const path = entry.slice(at + 1);
  return at === 0 || path === '' || path.includes('=') ? undefined : { prefix: entry.slice(0, at + 1), path };
}

/**
 * The local paths a kustomization's root mapping names, in the fields `kustomize build` reads them from:
 * `resources`, `bases`, `components`, `patches[].path`, `patchesStrategicMerge` (entries that are no inline
 * patch), `patchesJson6902[].path`, the generators' `files`, `envs` and `env`, `crds`, `openapi.path`,
 * `replacements[].path` and `configurations`. Remote and templated ones are left out.
 */
export function kustomizationPaths(view: YamlView, root: Node): KustomizationPathRef[] {
  const out: KustomizationPathRef[] = [];
  const add = (field: string, node: Node | undefined, needs: KustomizationPathNeed, source = false): void => {
    const value = view.str(node);
    const parts = value !== undefined && localPath(value) ? (source ? fileSource(value) : { prefix: '', path: value }) : undefined;
    if (node && parts && localPath(parts.path)) {
      out.push({ field, ...parts, node, needs });
    }
  };
  const list = (field: string, node: Node | undefined, needs: KustomizationPathNeed, source = false): void => {
    view.list(node).forEach((item) => add(field, item, needs, source));
  };
  list('resources entry', view.get(root, 'resources'), 'file-or-kustomization');
  list('bases entry', view.get(root, 'bases'), 'file-or-kustomization');
  list('components entry', view.get(root, 'components'), 'kustomization');
  list('patchesStrategicMerge entry', view.get(root, 'patchesStrategicMerge'), 'file');
  for (const [key, label] of [['patches', 'patches path'], ['patchesJson6902', 'patchesJson6902 path'], ['replacements', 'replacements path']] as const) {
    view.list(view.get(root, key)).forEach((entry) => add(label, view.get(entry, 'path'), 'file'));
  }
  for (const key of ['configMapGenerator', 'secretGenerator'] as const) {
    for (const g of view.list(view.get(root, key))) {
      const name = view.text(g, 'name');
      const field = name !== undefined ? `${key} "${name}"` : key;
      list(`${field} files entry`, view.get(g, 'files'), 'file', true);
      list(`${field} envs entry`, view.get(g, 'envs'), 'file');
      add(`${field} env`, view.get(g, 'env'), 'file');
    }
  }
  list('crds entry', view.get(root, 'crds'), 'file');
  list('configurations entry', view.get(root, 'configurations'), 'file');
  add('openapi.path', view.get(view.get(root, 'openapi'), 'path'), 'file');
  return out;
}
