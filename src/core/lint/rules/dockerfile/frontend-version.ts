import type { ParsedDockerfile } from '../../dockerfile/model';

/** The Dockerfile frontend version named by `# syntax=docker/dockerfile:X.Y`; undefined means the current stable frontend. */
export function frontendVersion(parsed: ParsedDockerfile): { major: number; minor: number } | undefined {
  const syntax = parsed.directives.find((d) => d.name === 'syntax')?.value.trim();
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(\d+)(?:\.(\d+))?/.exec(syntax ?? '');
  if (!m || m[2] === undefined) {
    return undefined; // no directive, another frontend, or a floating `:1` tag: the current stable frontend
  }
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function versionAtLeast(v: { major: number; minor: number } | undefined, major: number, minor: number): boolean {
  return v === undefined || v.major > major || (v.major === major && v.minor >= minor);
}
