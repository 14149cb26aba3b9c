/** `/`-separated workspace-relative paths: join and normalise; undefined when a path leaves the workspace. */
export function joinPath(base: string, rel: string): string | undefined {
  const parts: string[] = [];
  const all = rel.startsWith('/') ? rel.split('/') : [...base.split('/'), ...rel.split('/')];
  for (const seg of all) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      if (parts.length === 0) {
        return undefined;
      }
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  return parts.join('/');
}

export function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A path relative to `dir` (which must contain it), for messages. */
export function relativeTo(dir: string, path: string): string {
  return dir === '' ? path : path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}
