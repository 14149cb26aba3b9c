import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands, subcommand } from './posix-runs';

const upgrades = new Map<string, ReadonlySet<string>>([
  ['apt-get', new Set(['upgrade', 'dist-upgrade'])],
  ['apt', new Set(['upgrade', 'full-upgrade', 'dist-upgrade'])],
]);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD210',
    name: 'apt-upgrade-in-build',
    family: 'reproducibility',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3005'] },
    description: 'apt-get upgrade or dist-upgrade in a RUN, so the image depends on the day it was built.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord, args } of posixRunCommands(model)) {
      const wanted = upgrades.get(name);
      const sub = wanted ? subcommand(args) : undefined;
      if (sub && wanted?.has(sub.value)) {
        out.push(finding({ start: nameWord.range.start, end: sub.range.end }, `${name} ${sub.value} makes the image depend on the day it was built; pin or refresh the base image (by tag or digest) instead of upgrading inside it.`));
      }
    }
    return out;
  },
};
