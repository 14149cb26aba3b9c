import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import type { RunCommand } from './posix-runs';
import { posixRunCommands, subcommand } from './posix-runs';
import { andList, bySameLine } from './same-line';

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
    const apts = posixRunCommands(model).filter((c) => c.name === 'apt' && c.nameWord.value === 'apt');
    // `apt update && apt install …` is one problem on one line: one finding, whose fix rewrites each apt.
    for (const group of bySameLine(apts, (c) => c.nameWord.range)) {
      const first = group[0] as RunCommand;
      const edits = group.filter((c) => sameInAptGet.has(subcommand(c.args)?.value ?? '')).map((c) => replace(c.nameWord.range, 'apt-get'));
      const fix: Fix | undefined = edits.length > 0 ? { title: 'Use apt-get', edits } : undefined;
      const commands = group.length > 1 ? ` (here ${andList(group.map((c) => `apt ${subcommand(c.args)?.value ?? ''}`.trimEnd()))})` : '';
      out.push(finding(first.nameWord.range, `apt is meant for interactive use and warns that its CLI may change; use apt-get (or apt-cache) in scripts${commands}.`, fix));
    }
    return out;
  },
};
