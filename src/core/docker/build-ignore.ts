import { compileWildcard, type Wildcard, type WildcardSyntax } from '../wildcard/wildcard';

/**
 * .dockerignore semantics as the docker CLI applies them (moby/patternmatcher): one pattern per
 * line, `#` comments, `!` exceptions, later lines win, `*` `?` `[...]` within one path segment,
 * `**` across segments, a pattern that matches a directory excludes everything below it.
 */
export interface IgnorePattern {
  text: string;
  exclusion: boolean;
  matcher: Wildcard;
}

/** Go's filepath.Clean for forward-slash paths. */
export function cleanPath(p: string): string {
  if (p === '') {
    return '.';
  }
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') {
        out.pop();
      } else if (!rooted) {
        out.push('..');
      }
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** The lines of a .dockerignore file as patterns (comments and blank lines dropped). */
export function readIgnoreLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('#')) {
      continue;
    }
    let line = raw.trim();
    if (line === '') {
      continue;
    }
    let invert = false;
    if (line.startsWith('!')) {
      invert = true;
      line = line.slice(1).trim();
    }
    if (line === '') {
      continue;
    }
    line = cleanPath(line);
    if (line.length > 1 && line.startsWith('/')) {
      line = line.slice(1);
    }
    out.push(invert ? `!${line}` : line);
  }
  return out;
}

/** Docker's pattern syntax for a build context; `**` spans line breaks in names too. */
const buildIgnoreSyntax: WildcardSyntax = { globstar: true, escapes: true, classBody: (body) => body, dotAll: true };

export class IgnoreMatcher {
  readonly patterns: IgnorePattern[];
  readonly hasExclusions: boolean;

  constructor(lines: readonly string[]) {
    this.patterns = lines.map((line) => {
      const exclusion = line.startsWith('!');
      const text = exclusion ? line.slice(1) : line;
      return { text, exclusion, matcher: compileWildcard(text, buildIgnoreSyntax) };
    });
    this.hasExclusions = this.patterns.some((p) => p.exclusion);
  }

  static fromDockerignore(text: string | undefined, keep: readonly string[] = []): IgnoreMatcher {
    return new IgnoreMatcher(keepBuildFiles(readIgnoreLines(text ?? ''), keep));
  }

  /** True when the context-relative path (forward slashes) is excluded. */
  excludes(relPath: string): boolean {
    const file = cleanPath(relPath);
    const parents = file.split('/').slice(0, -1);
    let matched = false;
    for (const p of this.patterns) {
      if (p.exclusion !== matched) {
        continue;
      }
      let match = p.matcher.test(file);
      // As patternmatcher's MatchesOrParentMatches: a pattern matching any parent directory matches the file.
      for (let i = 1; !match && i <= parents.length; i++) {
        match = p.matcher.test(parents.slice(0, i).join('/'));
      }
      if (match) {
        matched = !p.exclusion;
      }
    }
    return matched;
  }

  /** Whether an excluded directory must still be walked because an exception may re-include something inside it. */
  mustDescend(relDir: string): boolean {
    if (!this.hasExclusions) {
      return false;
    }
    const dirSlash = `${cleanPath(relDir)}/`;
    return this.patterns.some((p) => p.exclusion && `${p.text}/`.startsWith(dirSlash));
  }
}

/** The CLI always sends the Dockerfile and .dockerignore, even when a pattern excludes them. */
export function keepBuildFiles(lines: readonly string[], keep: readonly string[]): string[] {
  const out = [...lines];
  const m = new IgnoreMatcher(lines);
  for (const k of keep) {
    if (m.excludes(k)) {
      out.push(`!${cleanPath(k)}`);
    }
  }
  return out;
}
