/**
 * `.dockerignore` evaluation with Docker's semantics (moby patternmatcher): patterns are cleaned paths
 * anchored at the context root, `*` stays inside a segment, `**` spans segments, a pattern also
 * excludes everything below a matching directory, `!` re-includes, and the last matching pattern wins.
 */
export interface IgnorePattern {
  text: string;
  exclusion: boolean;
  line: number;
  regExp: RegExp;
}

export interface IgnoreFile {
  /** Workspace-relative path of the ignore file. */
  path: string;
  patterns: IgnorePattern[];
}

function patternRegExp(pattern: string): RegExp {
  let re = '';
  for (let k = 0; k < pattern.length; k++) {
    const c = pattern[k] as string;
    if (c === '*' && pattern[k + 1] === '*') {
      k++;
      if (pattern[k + 1] === '/') {
        k++;
        re += '(?:.*/)?';
      } else {
        re += '.*';
      }
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = pattern.indexOf(']', k + 1);
      if (close < 0) {
        re += '\\[';
      } else {
        const body = pattern.slice(k + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        k = close;
      }
    } else if (c === '\\' && k + 1 < pattern.length) {
      re += (pattern[++k] as string).replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return /$^/;
  }
}

function clean(pattern: string): string {
  const parts: string[] = [];
  for (const seg of pattern.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  return parts.join('/');
}

export function parseIgnoreFile(path: string, text: string): IgnoreFile {
  const patterns: IgnorePattern[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const exclusion = line.startsWith('!');
    if (exclusion) {
      line = line.slice(1).trim();
    }
    const cleaned = clean(line);
    if (cleaned === '') {
      return;
    }
    patterns.push({ text: cleaned, exclusion, line: k + 1, regExp: patternRegExp(cleaned) });
  });
  return { path, patterns };
}

function matchesOrParent(p: IgnorePattern, path: string): boolean {
  if (p.regExp.test(path)) {
    return true;
  }
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
    if (p.regExp.test(path.slice(0, at))) {
      return true;
    }
  }
  return false;
}

/** The pattern that decides a context-relative path, when it ends up excluded; undefined when it is included. */
export function excludedBy(ignore: IgnoreFile, path: string): IgnorePattern | undefined {
  let decided: IgnorePattern | undefined;
  for (const p of ignore.patterns) {
    if (matchesOrParent(p, path)) {
      decided = p.exclusion ? undefined : p;
    }
  }
  return decided;
}

/** An `!` exception may re-include something below `dir` (so copying the directory still copies files). */
export function hasExceptionBelow(ignore: IgnoreFile, dir: string): boolean {
  return ignore.patterns.some((p) => p.exclusion && (p.text.startsWith(`${dir}/`) || p.text.startsWith('*') || dir === ''));
}
