import { compileWildcard } from '../../wildcard/wildcard';
import type { WorkspaceFs } from './types';

/** Walks at most this many directory entries per wildcard, so a huge context cannot stall the pass. */
const maxEntries = 20_000;

/** Workspace paths a COPY source pattern (`*`, `?` per segment) matches under a directory. */
export function expandWildcard(fs: WorkspaceFs, dir: string, pattern: string): string[] {
  let current = [dir];
  let budget = maxEntries;
  for (const seg of pattern.split('/')) {
    if (!/[*?[]/.test(seg)) {
      current = current.map((d) => (d === '' ? seg : `${d}/${seg}`)).filter((p) => fs.stat(p) !== undefined);
      continue;
    }
    const re = compileWildcard(seg, { globstar: false, escapes: false });
    const next: string[] = [];
    for (const d of current) {
      for (const name of fs.list(d)) {
        if (--budget < 0) {
          return next;
        }
        if (re.test(name)) {
          next.push(d === '' ? name : `${d}/${name}`);
        }
      }
    }
    current = next;
  }
  return current;
}
