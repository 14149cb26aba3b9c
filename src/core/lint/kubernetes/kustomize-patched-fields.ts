import type { YamlPath } from '../yaml/access';
import type { KustomizeReplacedFields } from './kustomize';
import { targetsObject } from './kustomize';

/** Most paths read from one patch document, and how deep: a patch of a pod spec has tens. */
const maxPaths = 256;
const maxDepth = 16;

/** Kustomize strategic-merge directives (`$patch`, `$setElementOrder/…`, `$retainKeys`): they write no field. */
const isDirective = (key: string): boolean => key.startsWith('$');

/** Whether a patch value writes anything: null deletes, and an empty list or mapping (directives aside) sets nothing. */
function holdsValue(value: unknown): boolean {
  if (value === null || value === undefined) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  return typeof value !== 'object' || Object.keys(value).some((k) => !isDirective(k));
}

/** The paths `value`, written at `at`, gives a value: its scalars and lists (a strategic merge keys list entries by name, not place), each whole. */
function valuePaths(value: unknown, at: readonly string[], out: Set<string>): void {
  if (out.size >= maxPaths || !holdsValue(value)) {
    return;
  }
  if (Array.isArray(value) || typeof value !== 'object' || at.length >= maxDepth) {
    out.add(at.join('.'));
    return;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (!isDirective(key) && (at.length > 0 || key === 'spec')) {
      valuePaths(inner, [...at, key], out);
    }
  }
}

/**
 * The paths one JSON 6902 operation writes: an `add` or `replace` of a value (read as valuePaths reads it), or of an
 * entry of a list (`/tolerations/-`: the list); a `copy` or `move` into a path (whatever it holds). `remove` and `test` write none.
 */
function operationPaths(operation: unknown, out: Set<string>): void {
  const { op, path, value } = (operation !== null && typeof operation === 'object' ? operation : {}) as { op?: unknown; path?: unknown; value?: unknown };
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) {
    return;
  }
  const segments = path === '' ? [] : path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const end = segments.indexOf('-');
  const at = end >= 0 ? segments.slice(0, end) : segments;
  if (at.length > 0 && at[0] !== 'spec') {
    return;
  }
  if (op === 'copy' || op === 'move' || ((op === 'add' || op === 'replace') && end >= 0)) {
    if (at.length > 0 && out.size < maxPaths) {
      out.add(at.join('.'));
    }
  } else if (op === 'add' || op === 'replace') {
    valuePaths(value, at, out);
  }
}

/**
 * The fields one document of a patch (a strategic-merge object, or a list of JSON 6902 operations) writes under `spec`,
 * as dotted paths: `spec.template.spec.restartPolicy`, `spec.template.spec.tolerations`, `…containers.0.resources.limits.memory`
 * (a JSON 6902 list index). A value that deletes or sets nothing (null, `[]`) writes none.
 */
export function patchWrittenPaths(value: unknown): string[] {
  const out = new Set<string>();
  if (Array.isArray(value)) {
    value.forEach((op: unknown) => operationPaths(op, out));
  } else {
    valuePaths(value, [], out);
  }
  return [...out];
}

/** What the builds over a file patch: the fields, per object (see KustomizeBuild.patchedFields). */
interface PatchedFieldsBuild {
  patchedFields?: readonly KustomizeReplacedFields[];
}

/**
 * Whether the builds over the file patch a field of one of the object's pods (`restartPolicy`, `tolerations`), or a part
 * of it: the manifest's value is not the one applied.
 */
export function podFieldPatched(build: PatchedFieldsBuild | undefined, obj: { kind?: string | undefined; name?: string | undefined }, pod: { path: YamlPath }, field: string): boolean {
  const patched = build?.patchedFields;
  if (patched === undefined || patched.length === 0) {
    return false;
  }
  const at = [...pod.path, field].join('.');
  return patched.some((t) => targetsObject(t, obj) && t.fieldPaths.some((p) => p === at || p.startsWith(`${at}.`)));
}
