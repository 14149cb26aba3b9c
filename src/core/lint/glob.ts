import { compileWildcard, type Wildcard } from '../wildcard/wildcard';

/** Minimal glob for `.mlc.yaml` paths: `**` any depth, `*` within a segment, `?` one character. */
export function compileGlob(glob: string): Wildcard {
  return compileWildcard(glob, { globstar: true, escapes: false });
}

/** Does a `/`-separated relative path match a glob (a pattern naming a directory covers what is below it)? */
export function pathMatches(path: string, glob: string): boolean {
  const clean = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  return compileGlob(clean).test(path) || compileGlob(`${clean}/**`).test(path);
}
