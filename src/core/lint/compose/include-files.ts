import * as path from 'node:path';
import { parseYaml } from '../yaml/parse';
import { YamlView } from '../yaml/access';
import { overrideServiceNames } from './extends-files';

/**
 * The files a Compose file's top-level `include:` names, as written: short entries (`- db.yaml`) and `path:` given as
 * a string or a list (several files merged into one included model). Empty for text that does not parse.
 */
export function includedPaths(text: string): string[] {
  const view = includeView(text);
  const written = view ? writtenIncludePaths(view) : [];
  return written.filter((p): p is string => p !== undefined && isLocalIncludePath(p));
}

/** The first document of a Compose text that has a top-level `include:`, parsed; undefined otherwise. */
export function includeView(text: string): YamlView | undefined {
  if (!/^include\s*:/m.test(text)) {
    return undefined;
  }
  const file = parseYaml(text);
  const document = file.documents[0];
  return document && document.skipped === undefined ? new YamlView(file, document) : undefined;
}

/**
 * The paths the top-level `include:` names, as written: short entries (`- db.yaml`) and `path:` given as a string or a
 * list (several files merged into one included model); undefined for an entry whose path is not written as text.
 */
export function writtenIncludePaths(view: YamlView): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const entry of view.list(view.get(view.root, 'include'))) {
    const short = view.str(entry);
    if (short !== undefined) {
      out.push(short);
      continue;
    }
    const paths = view.get(entry, 'path');
    out.push(...(view.seq(paths) ? view.list(paths) : [paths]).map((p) => view.str(p)));
  }
  return out;
}

/** A path Compose reads from the project's folder: not empty, not interpolated, not a remote (git or OCI) resource. */
export function isLocalIncludePath(p: string): boolean {
  return p !== '' && !p.includes('$') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !/^[\w.-]+@[\w.-]+:/.test(p);
}

/** What a Compose file is linted with when another file of its folder, or of the folder above, includes it. */
export interface IncludingProject {
  /** The including file (absolute). */
  includer: string;
  /** The other files of the project: the includer and the files it includes besides this one (absolute). */
  files: string[];
  /** The services those files define: this file's services may depend on them. */
  services: string[];
}

/** How includes are found: the names in a folder, and a file's text (undefined when it is not read). */
export interface IncludeReader {
  names(dir: string): Promise<ReadonlySet<string>>;
  text(file: string): Promise<string | undefined>;
}

const composeLikeRe = /compose[^/]*\.ya?ml$/i;

/** What each file read through a reader includes: a run that lints many Compose files of one folder reads each once. */
const includesByReader = new WeakMap<IncludeReader, Map<string, string[]>>();

function includesOf(read: IncludeReader, file: string, text: string): string[] {
  let known = includesByReader.get(read);
  if (!known) {
    known = new Map();
    includesByReader.set(read, known);
  }
  let paths = known.get(file);
  if (!paths) {
    paths = includedPaths(text).map((p) => path.resolve(path.dirname(file), p));
    known.set(file, paths);
  }
  return paths;
}

/**
 * The project that includes `file` (`include: [compose-webui.yml]` in the docker-compose.yml beside it, or
 * `include: [svc/compose.yaml]` in the folder above): Compose loads included files into one model, so a service of
 * one may depend on a service of another. Looks at Compose-named YAML files in the file's folder and its parent
 * (`within` says which folders may be read); the first includer found wins.
 */
export async function includingProject(file: string, read: IncludeReader, within: (dir: string) => boolean): Promise<IncludingProject | undefined> {
  const own = path.resolve(file);
  const dirs = [path.dirname(own), path.dirname(path.dirname(own))].filter((d, i, all) => all.indexOf(d) === i && within(d));
  for (const dir of dirs) {
    const names = [...(await read.names(dir))].filter((n) => composeLikeRe.test(n)).sort();
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (candidate === own) {
        continue;
      }
      const text = await read.text(candidate);
      if (text === undefined) {
        continue;
      }
      const included = includesOf(read, candidate, text);
      if (!included.includes(own)) {
        continue;
      }
      const others = included.filter((p) => p !== own);
      const texts = await Promise.all(others.map((p) => read.text(p)));
      const services = [text, ...texts].flatMap((t) => (t === undefined ? [] : overrideServiceNames(t)));
      return { includer: candidate, files: [candidate, ...others], services: [...new Set(services)] };
    }
  }
  return undefined;
}
