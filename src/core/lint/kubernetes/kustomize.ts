import { parseDocument } from 'yaml';
import type { SchemaDiagnostic } from '../../schemas/types';

/** The names a kustomization file goes by, as `kustomize build` looks for them. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The fields of a kustomization this module reads. */
interface Kustomization {
  patchesStrategicMerge?: unknown;
  patches?: unknown;
  namespace?: unknown;
  resources?: unknown;
  bases?: unknown;
  components?: unknown;
}

/** A kustomization's top-level mapping; undefined for invalid YAML, anything but a mapping, or an alias bomb. */
function kustomizationRoot(text: string): Kustomization | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    return undefined;
  }
  try {
    const root = doc.toJS({ maxAliasCount: 100 }) as unknown; // an alias bomb throws here
    return root !== null && typeof root === 'object' && !Array.isArray(root) ? root : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The patch files a kustomization names (relative to its folder, as written): `patchesStrategicMerge`
 * entries that are paths, and the `path` of `patches` entries. Inline patches and JSON 6902 patches
 * (operation lists, never linted as manifests) are left out. Unreadable YAML names none.
 */
export function kustomizePatchPaths(text: string): string[] {
  const root = kustomizationRoot(text);
  if (root === undefined) {
    return [];
  }
  const out: string[] = [];
  for (const entry of Array.isArray(root.patchesStrategicMerge) ? root.patchesStrategicMerge : []) {
    if (typeof entry === 'string' && !entry.includes('\n') && entry.trim() !== '') {
      out.push(entry.trim());
    }
  }
  for (const entry of Array.isArray(root.patches) ? root.patches : []) {
    const path = (entry as { path?: unknown } | null)?.path;
    if (typeof path === 'string' && path.trim() !== '') {
      out.push(path.trim());
    }
  }
  return out;
}

/** Kustomize strategic-merge directives, accepted in patches (trap T20). */
const patchDirective = /^\$(?:patch|setElementOrder\/.+|retainKeys|deleteFromPrimitiveList\/.+)$/;

/** A schema finding a patch is excused: a missing required field (the base has it) or a `$patch`-style directive. */
export function patchExcuses(d: Pick<SchemaDiagnostic, 'code' | 'path'>): boolean {
  const field = (d.path.split('.').pop() ?? '').replace(/\[\d+\]$/, '');
  return d.code === 'required' || (d.code === 'unknown-field' && patchDirective.test(field));
}

/** What a kustomization builds from (paths relative to its folder, as written; remote ones left out). */
export interface KustomizeResources {
  /** The `namespace:` it sets: kustomize's namespace transformer moves every namespaced object it builds there. */
  namespace?: string;
  /** Manifest files among its `resources`. */
  files: string[];
  /** Folders among its `resources`, legacy `bases` and `components`: other kustomizations it builds on. */
  folders: string[];
}

const manifestFile = /\.(?:ya?ml|json)$/i;

/** A kustomization's namespace and local resources; undefined for unreadable YAML or anything but a mapping. */
export function kustomizeResources(text: string): KustomizeResources | undefined {
  const root = kustomizationRoot(text);
  if (root === undefined) {
    return undefined;
  }
  const out: KustomizeResources = { files: [], folders: [] };
  if (typeof root.namespace === 'string' && root.namespace.trim() !== '') {
    out.namespace = root.namespace.trim();
  }
  for (const field of [root.resources, root.bases, root.components]) {
    for (const entry of Array.isArray(field) ? field : []) {
      const rel = typeof entry === 'string' ? entry.trim() : '';
      if (rel === '' || rel.includes('://') || rel.includes('\n') || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(rel) || rel.startsWith('git@')) {
        continue;
      }
      (manifestFile.test(rel) ? out.files : out.folders).push(rel);
    }
  }
  return out;
}
