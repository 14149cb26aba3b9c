import { osInstallIn } from '../../dockerfile/installs';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

const recommendsOffRe = /^(?:-o)?APT::Install-Recommends=(?:false|0|no|off)$/i;
const optionRecommendsOffRe = /^--option=APT::Install-Recommends=(?:false|0|no|off)$/i;

/** An apt argument that switches recommended packages off (most are package names, which have no `=`). */
function disablesRecommends(value: string): boolean {
  return value === '--no-install-recommends' || (value.includes('=') && (recommendsOffRe.test(value) || optionRecommendsOffRe.test(value)));
}

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
      const install = osInstallIn(c.instr, c.command);
      if (!install || install.packages.length === 0) {
        continue;
      }
      if (c.args.some((a) => disablesRecommends(a.value))) {
        continue;
      }
      // One dash: apt reads the letters as short options, has no -n, and stops the build (exit 100).
      const typo = c.args.find((a) => a.value === '-no-install-recommends');
      if (typo) {
        out.push(
          finding(
            typo.range,
            `-no-install-recommends has one dash, so ${c.name} reads it as the short options -n, -o, … and stops with "Command line option 'n' … is not understood", failing the build; write --no-install-recommends.`,
            { title: 'Write --no-install-recommends', edits: [{ range: typo.range, newText: '--no-install-recommends' }] },
          ),
        );
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
