import { osInstall } from '../../dockerfile/installs';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD302',
    name: 'apt-recommends-installed',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3015'] },
    description: 'apt-get install without --no-install-recommends pulls in recommended packages nobody asked for.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const c of posixRunCommands(model)) {
      if (c.name !== 'apt-get' && c.name !== 'apt') {
        continue;
      }
      const install = osInstall(c.command);
      if (!install || install.packages.length === 0) {
        continue;
      }
      const values = c.args.map((a) => a.value);
      const off = values.includes('--no-install-recommends') || values.some((v) => /^(?:-o)?APT::Install-Recommends=(?:false|0|no|off)$/i.test(v) || /^--option=APT::Install-Recommends=(?:false|0|no|off)$/i.test(v));
      if (off) {
        continue;
      }
      const sub = install.subcommand;
      out.push(
        finding(
          { start: c.nameWord.range.start, end: sub.range.end },
          `${c.name} install also installs every recommended package (often hundreds of MB); add --no-install-recommends and list what you need.`,
          { title: 'Add --no-install-recommends', edits: [{ range: { start: sub.range.end, end: sub.range.end }, newText: ' --no-install-recommends' }] },
        ),
      );
    }
    return out;
  },
};
