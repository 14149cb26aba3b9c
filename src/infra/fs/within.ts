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
