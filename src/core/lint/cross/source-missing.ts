import { pathMatches } from '../glob';
import type { CopySource } from './copy-sources';
import { expandWildcard } from './expand';
import { dirOf, joinPath } from './paths';
import type { DockerfileEntry } from './model';
import type { WorkspaceFs } from './types';

const wildcardRe = /[*?[]/;
const trailingGlobstarRe = /\/\*\*$/;

/**
 * A Dockerfile whose context nobody declares is often built from a parent folder
 * (`docker build -f docker/Dockerfile .`): a source found relative to an ancestor is not reported.
 */
function existsInAncestor(fs: WorkspaceFs, context: string, source: string): boolean {
  for (let dir = context; dir !== ''; ) {
    dir = dirOf(dir);
    const candidate = joinPath(dir, source);
    if (candidate !== undefined && (wildcardRe.test(source) ? expandWildcard(fs, dir, source).length > 0 : fs.stat(candidate) !== undefined)) {
      return true;
    }
  }
  return false;
}

/**
 * The source is not in the build context `context` (a wildcard matches nothing there) nor, for an undeclared context,
 * in a folder above it, and it is not among the paths CI generates (`generated`, `.mlc.yaml` generatedPaths): MLX002's
 * reading. False for the context root itself.
 */
export function sourceMissing(fs: WorkspaceFs, entry: DockerfileEntry, context: string, source: CopySource, generated: readonly string[]): boolean {
  const full = joinPath(context, source.path);
  if (full === undefined || source.path === '' || generated.some((g) => [full, source.path].some((p) => pathMatches(p, g) || pathMatches(p, g.replace(trailingGlobstarRe, ''))))) {
    return false;
  }
  const exists = source.wildcard ? expandWildcard(fs, context, source.path).length > 0 : fs.stat(full) !== undefined;
  return !exists && !(entry.defaultContext && existsInAncestor(fs, context, source.path));
}
