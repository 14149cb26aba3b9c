import { compileWildcard, type Wildcard, type WildcardSyntax } from '../../wildcard/wildcard';

/**
 * `.dockerignore` evaluation with Docker's semantics (moby patternmatcher): patterns are cleaned paths
 * anchored at the context root, `*` stays inside a segment, `**` spans segments, a pattern also
 * excludes everything below a matching directory, `!` re-includes, and the last matching pattern wins.
 */
export interface IgnorePattern {
  text: string;
  exclusion: boolean;
  line: number;
  matcher: Wildcard;
}

export interface IgnoreFile {
  /** Workspace-relative path of the ignore file. */
  path: string;
  patterns: IgnorePattern[];
}

/** Docker's pattern syntax: `[!...]` negates a class, a backslash inside one is literal. */
const dockerignoreSyntax: WildcardSyntax = {
  globstar: true,
  escapes: true,
  classBody: (body) => body.replace(/^!/, '^').replace(/\\/g, '\\\\'),
};

const matchesNothing: Wildcard = { test: () => false };

/** An invalid class (`[z-a]`) makes the pattern match nothing. */
function compilePattern(pattern: string): Wildcard {
  try {
    return compileWildcard(pattern, dockerignoreSyntax);
  } catch {
    return matchesNothing;
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
    patterns.push({ text: cleaned, exclusion, line: k + 1, matcher: compilePattern(cleaned) });
  });
  return { path, patterns };
}

function matchesOrParent(p: IgnorePattern, path: string): boolean {
  if (p.matcher.test(path)) {
    return true;
  }
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) {
    if (p.matcher.test(path.slice(0, at))) {
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
