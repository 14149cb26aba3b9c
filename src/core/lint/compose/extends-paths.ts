/**
 * The path of a file that a base file's services extend, in the terms the base's own path `base` is written in
 * (relative to the linted file's folder, or absolute): Compose reads `extends: {file: …}` relative to the folder of
 * the file that writes it, so `../common.yml` in `media/common.yml` is `common.yml`.
 */
export function extendsPathFrom(base: string, written: string): string {
  if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) {
    return written;
  }
  return normalized(`${base.slice(0, base.lastIndexOf('/') + 1)}${written}`);
}

/** A `/`-separated path without `.` segments and with `..` folded where it can be (leading ones kept). */
function normalized(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment !== '..') {
      out.push(segment);
    } else if (out.length > 0 && out[out.length - 1] !== '..') {
      out.pop();
    } else if (!absolute) {
      out.push(segment);
    }
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}
