import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommandsNamed } from './posix-runs';

const globalOptionsWithValue = new Set(['-r', '--repo', '--root', '-R', '--config', '-c', '--reposd-dir', '-D', '--cache-dir', '-C', '--raw-cache-dir']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD209',
    name: 'zypper-dist-upgrade',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3035'] },
    description: 'RUN calls zypper dist-upgrade, so the image depends on the day it was built.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { nameWord, args } of posixRunCommandsNamed(model, ['zypper'])) {
      let k = 0;
      while (k < args.length && (args[k]?.value ?? '').startsWith('-')) {
        k += globalOptionsWithValue.has(args[k]?.value ?? '') ? 2 : 1;
      }
      const sub = args[k];
      if (sub && (sub.value === 'dist-upgrade' || sub.value === 'dup')) {
        out.push(finding({ start: nameWord.range.start, end: sub.range.end }, `zypper ${sub.value} upgrades the whole distribution at build time, so the image changes with the day it is built; update the base image tag instead.`));
      }
    }
    return out;
  },
};
