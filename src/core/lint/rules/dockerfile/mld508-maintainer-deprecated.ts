import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD508',
    name: 'maintainer-deprecated',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL4000'], buildkit: ['MaintainerDeprecated'], dockerfileUtils: ['DEPRECATED_MAINTAINER'] },
    description: 'MAINTAINER is deprecated; the author belongs in the org.opencontainers.image.authors label.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions) {
      if (instr.keyword !== 'MAINTAINER') {
        continue;
      }
      const author = instr.args.text.slice(instr.argsStart).replace(/\s+/g, ' ').trim();
      const fix =
        author !== '' && instr.startLine === instr.endLine
          ? { title: 'Convert to LABEL org.opencontainers.image.authors', edits: [replace({ start: instr.keywordRange.start, end: instr.range.end }, `LABEL org.opencontainers.image.authors=${JSON.stringify(author)}`)] }
          : undefined;
      out.push(finding(instr.keywordRange, 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="<name and email>" instead.', fix));
    }
    return out;
  },
};
