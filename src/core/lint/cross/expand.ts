import type { WorkspaceFs } from './types';

/** Walks at most this many directory entries per wildcard, so a huge context cannot stall the pass. */
const maxEntries = 20_000;

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (const c of segment) {
    re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Workspace paths a COPY source pattern (`*`, `?` per segment) matches under a directory. */
export function expandWildcard(fs: WorkspaceFs, dir: string, pattern: string): string[] {
  let current = [dir];
  let budget = maxEntries;
  for (const seg of pattern.split('/')) {
    if (!/[*?[]/.test(seg)) {
      current = current.map((d) => (d === '' ? seg : `${d}/${seg}`)).filter((p) => fs.stat(p) !== undefined);
      continue;
    }
    const re = segmentRegExp(seg);
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
