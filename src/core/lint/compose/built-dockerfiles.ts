import { parse } from 'yaml';
import type { BuiltImage } from '../dockerfile/built-image';
import { builtImage } from '../dockerfile/built-image';
import type { YamlView } from '../yaml/access';
import type { ComposeService } from './model';
import { mergedGet } from './model';
import type { ComposeContext } from './rule';

/**
 * The text of the Dockerfiles a Compose file's services build, by their path relative to the Compose file's folder as
 * builtDockerfilePath writes it (`Dockerfile`, `docker/Dockerfile.cuda`, `../Dockerfile`): lintCompose's `builtDockerfiles`.
 */
export type BuiltDockerfiles = ReadonlyMap<string, string>;

/** Past this a Compose file is not read for the Dockerfiles it builds. */
const maxComposeChars = 1024 * 1024;
/** At most this many Dockerfiles are read for one Compose file. */
const maxBuiltDockerfiles = 16;

const remoteContextRe = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/** A relative `/`-separated path with `.` and inner `..` resolved (leading `..` kept); undefined for an absolute one. */
function normalized(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) {
    return undefined;
  }
  const parts: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') {
      parts.pop();
    } else if (seg !== '' && seg !== '.') {
      parts.push(seg);
    }
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

/**
 * The Dockerfile a `build:` names, relative to the Compose file's folder: its `dockerfile` (default `Dockerfile`) in its
 * `context` (default `.`). Undefined for a remote context, an interpolated value or an absolute path.
 */
export function builtDockerfilePath(context: string | undefined, dockerfile: string | undefined): string | undefined {
  const ctx = context ?? '.';
  const file = dockerfile ?? 'Dockerfile';
  if (remoteContextRe.test(ctx) || ctx.includes('$') || file.includes('$') || file.startsWith('/')) {
    return undefined;
  }
  return normalized(`${ctx}/${file}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The Dockerfile a `build:` value (a context string, or a mapping) names, as builtDockerfilePath gives it. */
function pathOfBuild(build: unknown): string | undefined {
  if (typeof build === 'string') {
    return builtDockerfilePath(build, undefined);
  }
  if (!isRecord(build) || build.dockerfile_inline !== undefined) {
    return undefined;
  }
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return builtDockerfilePath(text(build.context), text(build.dockerfile));
}

/** The Dockerfiles the services of one Compose text build, as builtDockerfilePath gives them. */
function namesIn(text: string): string[] {
  if (text.length > maxComposeChars || text.includes('\0') || !text.includes('build')) {
    return [];
  }
  let doc: unknown;
  try {
    doc = parse(text, { merge: true, maxAliasCount: 100, uniqueKeys: false });
  } catch {
    return [];
  }
  const services = isRecord(doc) && isRecord(doc.services) ? Object.values(doc.services) : [];
  return services.map((s) => (isRecord(s) ? pathOfBuild(s.build) : undefined)).filter((p): p is string => p !== undefined);
}

/**
 * The Dockerfiles the services of Compose texts build (a file's own, and the override file's beside it), each once, as
 * builtDockerfilePath gives them: what the caller reads for `builtDockerfiles`.
 */
export function builtDockerfileNames(...texts: (string | undefined)[]): string[] {
  return [...new Set(texts.flatMap((t) => (t === undefined ? [] : namesIn(t))))].slice(0, maxBuiltDockerfiles);
}

/**
 * The Dockerfiles `names` (builtDockerfileNames), as `lintCompose`'s `builtDockerfiles` wants them. `read` gets a path
 * relative to the Compose file's folder and gives the file's text, or undefined when it may not be read.
 */
export async function readBuiltDockerfiles(names: readonly string[], read: (name: string) => Promise<string | undefined>): Promise<BuiltDockerfiles> {
  const found = await Promise.all(names.map((name) => read(name)));
  const files = new Map<string, string>();
  names.forEach((name, k) => {
    const text = found[k];
    if (text !== undefined) {
      files.set(name, text);
    }
  });
  return files;
}

/** The Dockerfile a service builds and the stage it builds (`target`); undefined when it builds none, or from a file it extends (whose paths are relative to that file). */
export function serviceBuild(view: YamlView, service: ComposeService): { path: string; target?: string } | undefined {
  if (view.text(mergedGet(view, service, 'extends'), 'file') !== undefined) {
    return undefined;
  }
  const build = mergedGet(view, service, 'build');
  const context = view.str(build);
  if (context !== undefined) {
    const path = builtDockerfilePath(context, undefined);
    return path === undefined ? undefined : { path };
  }
  if (build === undefined || view.get(build, 'dockerfile_inline') !== undefined) {
    return undefined;
  }
  const path = builtDockerfilePath(view.text(build, 'context'), view.text(build, 'dockerfile'));
  const target = view.text(build, 'target');
  return path === undefined || target?.includes('$') ? undefined : { path, ...(target !== undefined ? { target } : {}) };
}

/** The images read from each set of Dockerfiles, by path and target: services often build the same one. */
const imagesRead = new WeakMap<BuiltDockerfiles, Map<string, BuiltImage | undefined>>();

/** The image a service builds, read from its Dockerfile when the caller gave it (see BuiltDockerfiles); undefined otherwise. */
export function serviceBuiltImage(ctx: ComposeContext, service: ComposeService): BuiltImage | undefined {
  const files = ctx.builtDockerfiles;
  const build = files === undefined ? undefined : serviceBuild(ctx.view, service);
  const text = build === undefined ? undefined : files?.get(build.path);
  if (files === undefined || build === undefined || text === undefined) {
    return undefined;
  }
  let read = imagesRead.get(files);
  if (read === undefined) {
    read = new Map();
    imagesRead.set(files, read);
  }
  const key = `${build.path}\0${build.target ?? ''}`;
  if (!read.has(key)) {
    read.set(key, builtImage(text, build.target));
  }
  return read.get(key);
}
