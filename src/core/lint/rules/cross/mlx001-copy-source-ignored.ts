import type { CrossRule } from '../../cross/rule';
import { copySources } from '../../cross/copy-sources';
import { excludedBy, hasExceptionBelow } from '../../cross/dockerignore';
import { expandWildcard } from '../../cross/expand';
import { joinPath, relativeTo } from '../../cross/paths';
import { sourceMissing } from '../../cross/source-missing';

export const rule: CrossRule = {
  meta: {
    id: 'MLX001',
    name: 'copy-source-ignored',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { buildkit: ['CopyIgnoredFile'] },
    description: 'A COPY/ADD local source is excluded by the effective .dockerignore, so the build does not see it.',
  },
  check(ws) {
    return [...ws.dockerfiles.values()].flatMap((entry) => {
      const ignore = entry.ignore;
      if (!ignore) {
        return [];
      }
      return copySources(entry).flatMap((source) => {
        if (source.path === '') {
          return [];
        }
        // A wildcard is reported when everything it matches is excluded (the build then copies nothing).
        const matches = source.wildcard && ws.fs && entry.context !== undefined ? expandWildcard(ws.fs, entry.context, source.path).map((m) => relativeTo(entry.context ?? '', m)) : [];
        if (source.wildcard && (matches.length === 0 || !matches.every((m) => excludedBy(ignore, m)))) {
          return [];
        }
        const pattern = excludedBy(ignore, source.wildcard ? (matches[0] as string) : source.path);
        if (!pattern || (ws.fs?.stat(joinPath(entry.context ?? '', source.path) ?? source.path) === 'dir' && hasExceptionBelow(ignore, source.path))) {
          return [];
        }
        // Un-ignoring a file that is not there (MLX002 reports it) does not make the COPY work on its own.
        const missing = !source.wildcard && ws.fs !== undefined && entry.context !== undefined && ws.fs.stat(entry.context) === 'dir' && sourceMissing(ws.fs, entry, entry.context, source, ws.config.generatedPaths ?? []);
        const advice = missing ? `it is not in the build context either, so stop copying it, or create it and add "!${source.path}" to ${ignore.path}` : `add "!${source.path}" to ${ignore.path} or stop copying it`;
        return [{
          path: entry.path,
          range: source.range,
          message: `${source.raw}${source.wildcard ? ` (${matches.length} match${matches.length === 1 ? '' : 'es'})` : ''} is excluded by "${pattern.exclusion ? '!' : ''}${pattern.text}" in ${ignore.path} (line ${pattern.line}), so the build cannot copy it; ${advice}.`,
          related: { file: ignore.path, range: { start: { line: pattern.line, column: 1 }, end: { line: pattern.line, column: pattern.text.length + 1 } }, message: 'the excluding pattern' },
        }];
      });
    });
  },
};
