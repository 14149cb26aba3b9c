import { osInstallIn } from '../../dockerfile/installs';
import { finalChain } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import type { RunCommand } from './posix-runs';
import { posixRunCommandsNamed } from './posix-runs';
import { bySameLine } from './same-line';

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
    description: 'apt-get install without --no-install-recommends, in a stage the final image is built on, pulls in recommended packages nobody asked for.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    // Recommended packages cost size only in stages the final image is built on (as MLD301); the one-dash typo fails any stage.
    const shipped = new Set(finalChain(model));
    const installs: { c: RunCommand; sub: ShellWord }[] = [];
    for (const c of posixRunCommandsNamed(model, ['apt-get', 'apt'])) {
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
      if (shipped.has(c.stage)) {
        installs.push({ c, sub: install.subcommand });
      }
    }
    // Two installs on one line (`apt-get install git -y && apt-get install curl -y`) are one finding; its fix covers both.
    for (const group of bySameLine(installs, ({ c }) => c.nameWord.range)) {
      const { c, sub } = group[0] as (typeof group)[number];
      const what = group.length > 1 ? `These ${group.length} ${c.name} installs also install` : `${c.name} install also installs`;
      out.push(
        finding({ start: c.nameWord.range.start, end: sub.range.end }, `${what} every recommended package (often hundreds of MB); add --no-install-recommends and list what you need.`, {
          title: 'Add --no-install-recommends',
          edits: group.map((g) => ({ range: { start: g.sub.range.end, end: g.sub.range.end }, newText: ' --no-install-recommends' })),
        }),
      );
    }
    return out;
  },
};
