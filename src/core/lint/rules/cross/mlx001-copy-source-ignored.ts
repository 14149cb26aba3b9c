import type { CrossRule } from '../../cross/rule';
import { copySources } from '../../cross/copy-sources';
import { excludedBy, hasExceptionBelow } from '../../cross/dockerignore';
import { joinPath } from '../../cross/paths';

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
        if (source.wildcard || source.path === '') {
          return [];
        }
        const pattern = excludedBy(ignore, source.path);
        if (!pattern || (ws.fs?.stat(joinPath(entry.context ?? '', source.path) ?? source.path) === 'dir' && hasExceptionBelow(ignore, source.path))) {
          return [];
        }
        return [{
          path: entry.path,
          range: source.range,
          message: `${source.raw} is excluded by "${pattern.exclusion ? '!' : ''}${pattern.text}" in ${ignore.path} (line ${pattern.line}), so the build cannot copy it; add "!${source.path}" to ${ignore.path} or stop copying it.`,
          related: { file: ignore.path, range: { start: { line: pattern.line, column: 1 }, end: { line: pattern.line, column: pattern.text.length + 1 } }, message: 'the excluding pattern' },
        }];
      });
    });
  },
};
