import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const gitSource = /^(?:git@|git:\/\/|ssh:\/\/)|\.git(?:$|#|\?)|^https?:\/\/[^/]*\/[^#]*#/;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD208',
    name: 'add-url-without-checksum',
    family: 'reproducibility',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'ADD downloads an http(s) URL without --checksum, so a changed or tampered file goes unnoticed.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'ADD' || instr.flags.some((f) => f.name === 'checksum')) {
        continue;
      }
      const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
      for (const src of sources) {
        if (/^https?:\/\//i.test(src.value) && !gitSource.test(src.value)) {
          out.push(finding(src.range, 'ADD of a URL trusts whatever the server returns today; add --checksum=sha256:<digest> so a changed or tampered download fails the build.'));
        }
      }
    }
    return out;
  },
};
