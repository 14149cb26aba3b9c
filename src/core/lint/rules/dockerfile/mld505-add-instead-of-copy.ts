import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { tarArchiveRe } from './mld506-extract-with-add';

/** Sources only ADD handles: URLs, git repositories and local archives it extracts. */
const addOnly = /^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(?:$|#)/i;
const compressed = /\.(?:gz|bz2|xz|zst|lz|lzma)$/i;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD505',
    name: 'add-instead-of-copy',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3020'] },
    description: 'ADD copies plain local files or directories, which COPY does more predictably.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'ADD' || instr.flags.some((f) => ['checksum', 'keep-git-dir', 'unpack'].includes(f.name))) {
        continue;
      }
      const sources = (instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1)).map((s) => s.value);
      if (sources.length === 0 || sources.some((s) => addOnly.test(s) || tarArchiveRe.test(s) || compressed.test(s) || s.includes('$'))) {
        continue;
      }
      const keyword = instr.keywordRaw === instr.keywordRaw.toLowerCase() ? 'copy' : 'COPY';
      out.push(finding(instr.keywordRange, 'ADD of local files works like COPY but may also extract archives and fetch URLs by surprise; use COPY.', { title: 'Change to COPY', edits: [replace(instr.keywordRange, keyword)] }));
    }
    return out;
  },
};
