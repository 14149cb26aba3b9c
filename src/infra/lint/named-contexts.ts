import * as fs from 'node:fs';
import * as path from 'node:path';
import { bakeTargets } from '../../core/lint/dockerfile/bake';
import { composeServiceBuilds } from '../../core/lint/dockerfile/compose-builds';

/** A build that names its Dockerfile, the named contexts it passes and the images it tags, with the folders its paths may be relative to. */
interface DeclaredBuild {
  bases: string[];
  context?: string;
  dockerfile?: string;
  contexts: string[];
  images?: string[];
  /** A Compose service's build (bake targets are not read for it): the stage it builds, undefined for the last. */
  compose?: { target?: string; inline?: true };
}

const bakeFileRe = /\.(?:hcl|json)$/;
const composeFileRe = /^(?:docker-)?compose(?:\.[\w.-]+)?\.ya?ml$/;
const maxFileBytes = 256 * 1024;
const maxFilesPerFolder = 20;
const maxLevels = 8;

/** Per folder, the builds its bake and Compose files declare; reused across the Dockerfiles of one run (named contexts and local images alike). */
export type NamedContextsCache = Map<string, DeclaredBuild[]>;

/** Bake and Compose file names watched, present or not: creating one can change the result. */
const watchedNames = ['docker-bake.hcl', 'docker-bake.json', 'docker-bake.override.hcl', 'docker-bake.override.json', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

function readSmall(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    return st.isFile() && st.size <= maxFileBytes ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** The folder and its parents up to `top` (or a repository root, or maxLevels), nearest first. */
function foldersUp(dir: string, top: string | undefined): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (let level = 0; level < maxLevels; level++) {
    out.push(d);
    const parent = path.dirname(d);
    if (parent === d || (top !== undefined && d === path.resolve(top)) || fs.existsSync(path.join(d, '.git'))) {
      break;
    }
    d = parent;
  }
  return out;
}

function buildsIn(dir: string, top: string | undefined, read?: string[]): DeclaredBuild[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  // Bake resolves a target's paths against the folder it runs in (usually the repository root), Compose against its file's folder.
  const bakeBases = foldersUp(dir, top);
  const builds: DeclaredBuild[] = [];
  for (const name of names.filter((n) => bakeFileRe.test(n) && (n.endsWith('.hcl') || n.startsWith('docker-bake'))).slice(0, maxFilesPerFolder)) {
    read?.push(path.join(dir, name));
    const text = readSmall(path.join(dir, name));
    for (const t of text === undefined ? [] : bakeTargets(text, name.endsWith('.json'), process.env)) {
      if (t.contexts.length > 0) {
        builds.push({ bases: bakeBases, contexts: t.contexts, ...(t.context !== undefined ? { context: t.context } : {}), ...(t.dockerfile !== undefined ? { dockerfile: t.dockerfile } : {}) });
      }
    }
  }
  for (const name of names.filter((n) => composeFileRe.test(n)).slice(0, maxFilesPerFolder)) {
    read?.push(path.join(dir, name));
    const text = readSmall(path.join(dir, name));
    for (const { target, inline, ...b } of text === undefined ? [] : composeServiceBuilds(text)) {
      builds.push({ bases: [dir], ...b, compose: { ...(target !== undefined ? { target } : {}), ...(inline ? { inline } : {}) } });
    }
  }
  return builds;
}

function buildsCached(dir: string, top: string | undefined, cache: NamedContextsCache): DeclaredBuild[] {
  let builds = cache.get(dir);
  if (!builds) {
    builds = buildsIn(dir, top);
    cache.set(dir, builds);
  }
  return builds;
}

function declares(build: DeclaredBuild, dockerfile: string): boolean {
  const file = build.dockerfile ?? 'Dockerfile';
  return build.bases.some((base) => {
    const context = path.resolve(base, build.context ?? '.');
    return path.resolve(context, file) === dockerfile || path.resolve(base, file) === dockerfile;
  });
}

/**
 * The named build contexts that Buildx bake files (`docker-bake.hcl`, any `*.hcl`, `docker-bake.json`) and Compose
 * files (`build.additional_contexts`) in the Dockerfile's folder or a parent (up to `top` or the repository root)
 * pass to builds of this Dockerfile: its FROM and COPY --from may name them.
 */
export function namedContextsFor(dockerfile: string, top?: string, cache: NamedContextsCache = new Map()): string[] {
  const file = path.resolve(dockerfile);
  const names = new Set<string>();
  for (const dir of foldersUp(path.dirname(file), top)) {
    for (const b of buildsCached(dir, top, cache)) {
      if (declares(b, file)) {
        b.contexts.forEach((n) => names.add(n));
      }
    }
  }
  return [...names];
}

/** The build's Dockerfile, as Compose resolves it: relative to the build context. */
function buildsFrom(build: DeclaredBuild, dockerfile: string): boolean {
  return build.bases.some((base) => path.resolve(base, build.context ?? '.', build.dockerfile ?? 'Dockerfile') === dockerfile);
}

/**
 * The images that Compose services in the Dockerfile's folder or a parent (up to `top` or the repository root) build
 * and tag (`image:`, `build.tags`): a FROM of one names the project's own build, not an image a registry serves.
 * A build of this Dockerfile itself does not count: a FROM of its own output pulls it from a registry on a first build.
 */
export function localImagesFor(dockerfile: string, top?: string, cache: NamedContextsCache = new Map()): string[] {
  const file = path.resolve(dockerfile);
  const images = new Set<string>();
  for (const dir of foldersUp(path.dirname(file), top)) {
    for (const b of buildsCached(dir, top, cache)) {
      if (b.images && !buildsFrom(b, file)) {
        b.images.forEach((i) => images.add(i));
      }
    }
  }
  return [...images];
}

/**
 * The stages that Compose services in the Dockerfile's folder or a parent (up to `top` or the repository root) build
 * from it: a `build.target`, or undefined for a build of the last stage. Undefined when no Compose service builds it.
 */
export function composeTargetsFor(dockerfile: string, top?: string, cache: NamedContextsCache = new Map()): (string | undefined)[] | undefined {
  const file = path.resolve(dockerfile);
  const targets = new Set<string | undefined>();
  for (const dir of foldersUp(path.dirname(file), top)) {
    for (const b of buildsCached(dir, top, cache)) {
      if (b.compose && !b.compose.inline && buildsFrom(b, file)) {
        targets.add(b.compose.target);
      }
    }
  }
  return targets.size > 0 ? [...targets] : undefined;
}

/**
 * namedContextsFor, localImagesFor and composeTargetsFor for the editor, with the files whose change can change the
 * answer: the bake and Compose files read in the folders walked, and the default bake and Compose names beside the
 * Dockerfile and in the top folder, present or not.
 */
export function namedContextsNear(dockerfile: string, top?: string): { names: string[]; localImages: string[]; targets?: (string | undefined)[]; watched: string[] } {
  const file = path.resolve(dockerfile);
  const read: string[] = [];
  const cache: NamedContextsCache = new Map();
  const folders = foldersUp(path.dirname(file), top);
  for (const dir of folders) {
    cache.set(dir, buildsIn(dir, top, read));
  }
  // New files are watched for where bake and Compose files usually live: beside the Dockerfile and at the top folder.
  const ends = [...new Set([folders[0], folders[folders.length - 1]])].filter((d): d is string => d !== undefined);
  const watched = [...new Set([...read, ...ends.flatMap((dir) => watchedNames.map((n) => path.join(dir, n)))])];
  const targets = composeTargetsFor(file, top, cache);
  return { names: namedContextsFor(file, top, cache), localImages: localImagesFor(file, top, cache), ...(targets ? { targets } : {}), watched };
}
