/** Minimal glob for `.mlc.yaml` paths: `**` any depth, `*` within a segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let k = 0; k < glob.length; k++) {
    const c = glob[k] as string;
    if (c === '*' && glob[k + 1] === '*') {
      k++;
      if (glob[k + 1] === '/') {
        k++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/** Does a `/`-separated relative path match a glob (a pattern naming a directory covers what is below it)? */
export function pathMatches(path: string, glob: string): boolean {
  const clean = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  return globToRegExp(clean).test(path) || globToRegExp(`${clean}/**`).test(path);
}
