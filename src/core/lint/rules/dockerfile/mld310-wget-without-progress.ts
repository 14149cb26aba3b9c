import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

const quietLong = /^--(?:progress(?:=.*)?|quiet|no-verbose|output-file(?:=.*)?|append-output(?:=.*)?)$/;

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD310',
    name: 'wget-without-progress',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3047'] },
    description: 'wget runs without --progress, -q, -nv or -o, so large downloads flood the build log.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { name, nameWord, args } of posixRunCommands(model)) {
      if (name !== 'wget') {
        continue;
      }
      const quiet = args.some((a) => quietLong.test(a.value) || a.value === '-nv' || (/^-[A-Za-z]+/.test(a.value) && !a.value.startsWith('--') && /^-[A-Za-z]*[qoa]/.test(a.value)));
      if (quiet) {
        continue;
      }
      const at = nameWord.range.end;
      out.push(finding(nameWord.range, 'wget prints a progress line per few KB, which floods the build log on multi-GB downloads; add --progress=dot:giga (or -q / -nv).', { title: 'Add --progress=dot:giga', edits: [{ range: { start: at, end: at }, newText: ' --progress=dot:giga' }] }));
    }
    return out;
  },
};
