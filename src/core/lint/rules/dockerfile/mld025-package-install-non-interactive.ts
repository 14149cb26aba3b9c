import type { Stage } from '../../dockerfile/semantic';
import { envValue } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommandsNamed } from './posix-runs';

const shortFlagRes = new Map<string, RegExp>();

function hasShortFlag(words: ShellWord[], letter: string): boolean {
  let re = shortFlagRes.get(letter);
  if (!re) {
    re = new RegExp(`^-[a-zA-Z]*${letter}[a-zA-Z]*$`);
    shortFlagRes.set(letter, re);
  }
  const cluster = re;
  return words.some((w) => cluster.test(w.value));
}

function condaAlwaysYes(stage: Stage): boolean {
  const value = envValue(stage, 'CONDA_ALWAYS_YES');
  return value !== undefined && /^(?:1|true|yes)$/i.test(value);
}

/** apt-get subcommands that ask before changing packages, like install (wangyuche/YT2Text's bare `apt-get upgrade`). */
const aptUpgrades = new Set(['upgrade', 'dist-upgrade', 'full-upgrade']);

const installers = new Set(['apt-get', 'yum', 'dnf', 'microdnf', 'zypper', 'conda', 'mamba', 'micromamba']);

/** What a conda-family install or create does with no -y, given that a build gives it no input. */
function condaMessage(tool: string, sub: string): string {
  if (sub === 'create') {
    return `${tool} create asks for confirmation, and a build gives it no input, so it takes each prompt's default: yes to go ahead, but no to replacing an environment that already exists at the target, which fails the build; add -y to answer yes explicitly.`;
  }
  return `${tool} install asks for confirmation, and a build gives it no input, so it takes the default answer (yes) and goes on; add -y so the step does not depend on the prompt's default.`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD025',
    name: 'package-install-non-interactive',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3014', 'DL3030', 'DL3034', 'DL3038'] },
    description: 'A package install has no non-interactive switch, so the build depends on how the tool answers its own confirmation prompt (apt-get, yum and dnf abort; the conda family takes the default yes).',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const eff of posixRunCommandsNamed(model, installers)) {
      const command = eff.command;
      const sub = eff.args.find((a) => !a.value.startsWith('-'));
      if (!sub) {
        continue;
      }
      const opts = eff.args.filter((a) => a.value.startsWith('-'));
      const values = opts.map((o) => o.value);
      let code: string | undefined;
      let ok = true;
      let condaFamily = false;
      if (eff.name === 'apt-get' && (sub.value === 'install' || aptUpgrades.has(sub.value))) {
        code = sub.value === 'install' ? 'DL3014' : undefined;
        ok = hasShortFlag(opts, 'y') || values.includes('--yes') || values.includes('--assume-yes') || values.includes('-qq') || values.some((v) => /^--assume-yes=(?:1|true|yes)$/.test(v));
      } else if ((eff.name === 'yum' || eff.name === 'dnf' || eff.name === 'microdnf') && sub.value === 'install') {
        code = eff.name === 'yum' ? 'DL3030' : 'DL3038';
        ok = hasShortFlag(opts, 'y') || values.includes('--assumeyes');
      } else if (eff.name === 'zypper' && (sub.value === 'install' || sub.value === 'in')) {
        code = 'DL3034';
        ok = hasShortFlag(opts, 'y') || hasShortFlag(opts, 'n') || values.includes('--no-confirm') || values.includes('--non-interactive');
      } else if (['conda', 'mamba', 'micromamba'].includes(eff.name) && (sub.value === 'install' || sub.value === 'create')) {
        condaFamily = true;
        ok = hasShortFlag(opts, 'y') || values.includes('--yes') || condaAlwaysYes(eff.stage) || command.assignments.some((a) => /^CONDA_ALWAYS_YES=(?:1|true|yes)$/i.test(a.value));
      } else {
        continue;
      }
      if (ok) {
        continue;
      }
      // A build gives RUN no input, so the conda family's prompts read end-of-file and take their default answer
      // (conda's ConsoleReporterRenderer.prompt `choices[""] = default`; libmamba Console::prompt's fallback): yes to
      // "Proceed ([y]/n)?", so the install goes on; but create over an existing environment asks "Remove existing
      // environment?" (micromamba: "Overwrite?") defaulting to no, and stops the build (CondaSystemExit / "Aborting.").
      out.push(
        finding(
          { start: eff.nameWord.range.start, end: sub.range.end },
          condaFamily ? condaMessage(eff.nameWord.value, sub.value) : `${eff.nameWord.value} ${sub.value} may stop to ask for confirmation, which fails the build; add -y.`,
          { title: 'Add -y', edits: [{ range: { start: sub.range.end, end: sub.range.end }, newText: ' -y' }] },
          code,
        ),
      );
    }
    return out;
  },
};
