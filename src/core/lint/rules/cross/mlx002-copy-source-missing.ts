import type { CrossRule } from '../../cross/rule';
import type { CopySource } from '../../cross/copy-sources';
import { copySources } from '../../cross/copy-sources';
import { baseName, dirOf, joinPath } from '../../cross/paths';
import { closest } from '../../cross/closest';
import { sourceMissing } from '../../cross/source-missing';

/** A Containerfile is built by Buildah (Podman), which fails on a wildcard that matches nothing. */
function isContainerfile(path: string): boolean {
  return /(?:^|\/)Containerfile(?:\.[^/]*)?$|\.Containerfile$/i.test(path);
}

/** Where the source was looked for: the declared context, or (none declared) the Dockerfile's folder and those above it. */
function whereMissing(defaultContext: boolean, context: string): string {
  return defaultContext && context !== ''
    ? `is neither in ${context} (the Dockerfile's folder, the context when none is declared) nor in any folder above it`
    : `does not exist in the build context ${context || '.'}`;
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX002',
    name: 'copy-source-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A COPY/ADD local source does not exist in the build context (or a wildcard matches nothing: none of the instruction\'s sources for Docker, any for Buildah), so the build fails.',
  },
  check(ws) {
    const fs = ws.fs;
    if (!fs) {
      return [];
    }
    const generated = ws.config.generatedPaths ?? [];
    // One list per folder, so closest() lowercases its names once.
    const listings = new Map<string, string[]>();
    const siblingsIn = (dir: string): string[] => {
      let names = listings.get(dir);
      if (!names) {
        names = fs.stat(dir) === 'dir' ? fs.list(dir) : [];
        listings.set(dir, names);
      }
      return names;
    };
    // Dockerfiles that share a folder often miss the same source: each name is looked up once per folder.
    const guesses = new Map<string, string | undefined>();
    const guessFor = (parent: string, name: string): string | undefined => {
      const key = `${parent}\0${name}`;
      if (!guesses.has(key)) {
        guesses.set(key, closest(name, siblingsIn(parent)));
      }
      return guesses.get(key);
    };
    return [...ws.dockerfiles.values()].flatMap((entry) => {
      const context = entry.context;
      if (context === undefined || fs.stat(context) !== 'dir') {
        return [];
      }
      const sources = copySources(entry);
      const missing = new Set<CopySource>();
      for (const source of sources) {
        if (sourceMissing(fs, entry, context, source, generated)) {
          missing.add(source);
        }
      }
      const buildah = isContainerfile(entry.path);
      return sources.flatMap((source) => {
        if (!missing.has(source)) {
          return [];
        }
        if (source.wildcard) {
          // BuildKit copies nothing for a wildcard that matches nothing (`uv.lock*` for an optional file), and the
          // classic builder fails only when no source of the instruction matches; Buildah fails on any such wildcard.
          const othersFound = sources.some((s) => s.instruction === source.instruction && s !== source && !missing.has(s));
          if (othersFound && !buildah) {
            return [];
          }
          const outcome = buildah ? 'so a Buildah (Podman) build fails' : 'so the classic builder fails and BuildKit copies nothing';
          return [{ path: entry.path, range: source.range, message: `${source.raw} matches nothing in the build context ${context || '.'}, ${outcome}; fix the pattern or create the files before the build (list generated paths in .mlc.yaml generatedPaths).` }];
        }
        const full = joinPath(context, source.path) as string;
        const parent = dirOf(full);
        const guess = guessFor(parent, baseName(full));
        const suggestion = guess !== undefined ? `${dirOf(source.raw) === '' ? '' : `${dirOf(source.raw)}/`}${guess}` : undefined;
        const message = `${source.raw} ${whereMissing(entry.defaultContext, context)}, so the build fails${suggestion !== undefined ? `; did you mean ${suggestion}?` : '; fix the path or list it in .mlc.yaml generatedPaths if CI creates it.'}`;
        return [{
          path: entry.path,
          range: source.range,
          message,
          ...(suggestion !== undefined ? { fix: { title: `Use ${suggestion}`, edits: [{ range: source.range, newText: suggestion }] } } : {}),
        }];
      });
    });
  },
};
