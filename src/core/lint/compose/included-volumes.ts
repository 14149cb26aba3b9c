import { parseYaml } from '../yaml/parse';
import { YamlView } from '../yaml/access';
import { mergedKeys } from './model';
import { maxExtendsDepth, maxExtendsFiles } from './extends-files';
import { extendsPathFrom } from './extends-paths';
import { includeView, isLocalIncludePath, writtenIncludePaths } from './include-files';

/**
 * The volumes the files a Compose text includes (`include:`) declare at their top level, with those of the files they
 * include in turn: Compose copies them into the including project. `read` gets a path relative to the linted file's
 * folder (as readExtendsFiles's) and gives the file's text, or undefined when it may not be read. Undefined when some
 * included file is unknown: remote, interpolated, unreadable, not a Compose mapping, or past the depth and file limits.
 */
export async function includedVolumes(text: string, read: (name: string) => Promise<string | undefined>): Promise<string[] | undefined> {
  const volumes = new Set<string>();
  const seen = new Set<string>();
  let level: { from: string; text: string }[] = [{ from: '', text }];
  for (let depth = 0; level.length > 0; depth++) {
    const next: { from: string; text: string }[] = [];
    for (const file of level) {
      const names = includesOf(file.text);
      if (names === undefined || (names.length > 0 && depth >= maxExtendsDepth)) {
        return undefined;
      }
      const fresh = names.map((written) => extendsPathFrom(file.from, written)).filter((name) => !seen.has(name));
      fresh.forEach((name) => seen.add(name));
      if (seen.size > maxExtendsFiles) {
        return undefined;
      }
      const texts = await Promise.all(fresh.map((name) => read(name)));
      for (const [k, name] of fresh.entries()) {
        const found = texts[k];
        const declared = found === undefined ? undefined : topLevelVolumes(found);
        if (found === undefined || declared === undefined) {
          return undefined;
        }
        declared.forEach((v) => volumes.add(v));
        next.push({ from: name, text: found });
      }
    }
    level = next;
  }
  return [...volumes];
}

/** The local paths a Compose text includes, as written; undefined when one is not a local path. */
function includesOf(text: string): string[] | undefined {
  const view = includeView(text);
  if (!view) {
    return /^include\s*:/m.test(text) ? undefined : [];
  }
  const written = writtenIncludePaths(view);
  return written.every((p): p is string => p !== undefined && isLocalIncludePath(p)) ? written : undefined;
}

/** The names under a Compose text's top-level `volumes:` (merge keys followed); undefined when it is not a clean mapping. */
function topLevelVolumes(text: string): string[] | undefined {
  const file = parseYaml(text);
  const document = file.documents[0];
  const view = document && document.skipped === undefined && document.issues.length === 0 ? new YamlView(file, document) : undefined;
  return view?.map(view.root) ? mergedKeys(view, view.get(view.root, 'volumes')) : undefined;
}
