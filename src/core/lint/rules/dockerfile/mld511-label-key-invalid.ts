import { keyValues } from '../../dockerfile/kv';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const reserved = /^(?:com\.docker\.|io\.docker\.|org\.dockerproject\.)/;

/** Why a label key breaks the Docker key guidelines, or undefined when it is fine. */
export function labelKeyProblem(key: string): string | undefined {
  if (reserved.test(key)) {
    return 'uses a namespace reserved for Docker (com.docker.*, io.docker.*, org.dockerproject.*)';
  }
  if (!/^[a-z0-9.-]+$/.test(key)) {
    return 'may only contain lower-case letters, digits, "." and "-"';
  }
  if (!/^[a-z]/.test(key) || !/[a-z0-9]$/.test(key)) {
    return 'must start with a lower-case letter and end with a letter or digit';
  }
  if (/[.-]{2}/.test(key)) {
    return 'must not contain consecutive "." or "-"';
  }
  return undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD511',
    name: 'label-key-invalid',
    family: 'style',
    severity: 'hint',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3048'] },
    description: 'A LABEL key breaks the Docker label-key guidelines (reverse-DNS, lower case, no reserved namespace).',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'LABEL') {
        continue;
      }
      for (const kv of keyValues(instr)) {
        const problem = kv.key.includes('$') ? undefined : labelKeyProblem(kv.key);
        if (problem) {
          out.push(finding(kv.keyWord.range, `Label key "${kv.key}" ${problem}; use a lower-case reverse-DNS key such as org.opencontainers.image.title or com.example.${kv.key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'name'}.`));
        }
      }
    }
    return out;
  },
};
