import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { posixRunCommands, subcommand } from './posix-runs';

/** apt subcommands that apt-get has under the same name. */
const sameInAptGet = new Set(['install', 'remove', 'purge', 'update', 'upgrade', 'dist-upgrade', 'autoremove', 'autoclean', 'clean', 'source', 'build-dep', 'download', 'changelog', 'satisfy', 'check']);

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD504',
    name: 'apt-instead-of-apt-get',
    family: 'style',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3027'] },
    description: 'RUN uses apt, whose command-line interface is not stable for scripts; use apt-get.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord, args } of posixRunCommands(model)) {
      if (name !== 'apt' || nameWord.value !== 'apt') {
        continue;
      }
      const sub = subcommand(args)?.value;
      const fix: Fix | undefined = sub !== undefined && sameInAptGet.has(sub) ? { title: 'Use apt-get', edits: [replace(nameWord.range, 'apt-get')] } : undefined;
      out.push(finding(nameWord.range, 'apt is meant for interactive use and warns that its CLI may change; use apt-get (or apt-cache) in scripts.', fix));
    }
    return out;
  },
};
