import type { ShellWord } from '../../dockerfile/shell';
import { wordWithValue } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import { hasShortOption, posixRunCommandsNamed } from './posix-runs';

/** The UID given by `-u N`, `-uN`, `--uid N` or `--uid=N`. */
export function useraddUid(args: readonly ShellWord[]): ShellWord | undefined {
  for (let k = 0; k < args.length; k++) {
    const v = (args[k] as ShellWord).value;
    if (v === '-u' || v === '--uid') {
      return args[k + 1];
    }
    const inline = /^(?:-u|--uid=)(.+)$/.exec(v);
    if (inline) {
      const w = args[k] as ShellWord;
      return wordWithValue(w, inline[1] as string);
    }
  }
  return undefined;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD309',
    name: 'useradd-without-no-log-init',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3046'] },
    description: 'useradd with a large UID and without -l writes huge sparse lastlog/faillog files into the layer.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const { nameWord, args } of posixRunCommandsNamed(model, ['useradd'])) {
      const uid = useraddUid(args);
      if (!uid || !/^\d{6,}$/.test(uid.value)) {
        continue;
      }
      if (args.some((a) => a.value === '--no-log-init') || hasShortOption(args.filter((a) => !a.value.startsWith('-u')), 'l')) {
        continue;
      }
      const at = nameWord.range.end;
      out.push(finding(nameWord.range, `useradd with UID ${uid.value} fills the layer with a sparse lastlog of that size; add -l (--no-log-init).`, { title: 'Add -l', edits: [{ range: { start: at, end: at }, newText: ' -l' }] }));
    }
    return out;
  },
};
