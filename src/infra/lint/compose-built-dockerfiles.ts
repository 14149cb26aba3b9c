import * as path from 'node:path';
import { composeServiceBuilds } from '../../core/lint/dockerfile/compose-builds';

/** A Dockerfile a Compose service builds (absolute path) and the stage it builds: a `build.target`, else undefined (the last). */
export interface ComposeBuiltDockerfile {
  dockerfile: string;
  target?: string;
}

/** Paths written with a variable (`${DOCKERFILE}`) depend on the environment: not resolved. */
function literal(value: string | undefined): boolean {
  return value === undefined || !value.includes('$');
}

/**
 * The Dockerfiles the services of a Compose file build, resolved as Compose resolves them: `build.dockerfile` (default
 * `Dockerfile`) against `build.context` (default `.`), that against the Compose file's folder.
 */
export function composeBuiltDockerfiles(composeFile: string, text: string): ComposeBuiltDockerfile[] {
  const dir = path.dirname(composeFile);
  return composeServiceBuilds(text).flatMap((b) =>
    !b.inline && literal(b.context) && literal(b.dockerfile) ? [{ dockerfile: path.resolve(dir, b.context ?? '.', b.dockerfile ?? 'Dockerfile'), ...(b.target !== undefined ? { target: b.target } : {}) }] : [],
  );
}

/**
 * The stages the builds of one Dockerfile produce, from the Compose files found around it (composeTargetsFor) and
 * those of the paths linted; undefined when no Compose service builds it, or every build is of the last stage.
 */
export function builtTargets(near: readonly (string | undefined)[] | undefined, dockerfile: string, linted: readonly ComposeBuiltDockerfile[]): (string | undefined)[] | undefined {
  const targets = new Set(near);
  for (const b of linted) {
    if (b.dockerfile === dockerfile) {
      targets.add(b.target);
    }
  }
  return [...targets].some((t) => t !== undefined) ? [...targets] : undefined;
}
