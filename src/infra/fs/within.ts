import * as path from 'node:path';

/** Whether a relative path stays inside the folder it is relative to (`..deploy/x` does; `../deploy` does not). */
export function isWithin(rel: string, sep: string = path.sep): boolean {
  return rel === '' || rel === '.' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !path.isAbsolute(rel));
}

/** The deepest folder that holds every one of `dirs` (absolute), starting from the first. */
export function commonFolder(dirs: readonly string[]): string | undefined {
  let common = dirs[0];
  if (common === undefined) {
    return undefined;
  }
  for (const d of dirs) {
    while (common !== path.dirname(common) && !isWithin(path.relative(common, d))) {
      common = path.dirname(common);
    }
  }
  return common;
}

/** The folders that lie in no other of them (sorted, each compared with the last kept: linear after the sort). */
export function outermostFolders(folders: readonly string[]): string[] {
  const out: string[] = [];
  // Sorted with a trailing separator, a folder's descendants follow it directly (`k8s/` before `k8s-old/`).
  for (const f of folders.map((d) => (d.endsWith(path.sep) ? d : d + path.sep)).sort().map((d) => d.slice(0, -path.sep.length) || path.sep)) {
    const last = out[out.length - 1];
    if (last === undefined || !(f === last || f.startsWith(last.endsWith(path.sep) ? last : last + path.sep))) {
      out.push(f);
    }
  }
  return out;
}
