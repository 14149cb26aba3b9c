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

/**
 * The `namespace:` a kustomization sets, and the files among its `resources` (relative paths as
 * written; folders and remote bases left out): kustomize's namespace transformer moves every
 * namespaced object of those files there, whatever their own `metadata.namespace` says.
 */
export function kustomizeNamespace(text: string): { namespace: string; resources: string[] } | undefined {
  const root = kustomizationRoot(text);
  const namespace = root?.namespace;
  if (typeof namespace !== 'string' || namespace.trim() === '') {
    return undefined;
  }
  const resources = (Array.isArray(root?.resources) ? root.resources : []).filter((r): r is string => typeof r === 'string' && /\.(?:ya?ml|json)$/i.test(r.trim()) && !r.includes('://'));
  return { namespace: namespace.trim(), resources: resources.map((r) => r.trim()) };
}
