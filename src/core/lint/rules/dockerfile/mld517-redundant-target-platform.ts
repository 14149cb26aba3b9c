import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD517',
    name: 'redundant-target-platform',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3065'], buildkit: ['RedundantTargetPlatform'] },
    description: 'FROM --platform=$TARGETPLATFORM repeats the default.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag || !/^(?:\$TARGETPLATFORM|\$\{TARGETPLATFORM\})$/.test(flag.value ?? '')) {
        continue;
      }
      const args = stage.from.args;
      // Remove the flag and the blank that follows it.
      const at = args.text.indexOf(flag.raw);
      let end = at + flag.raw.length;
      while (at >= 0 && /[ \t]/.test(args.text[end] ?? '')) {
        end++;
      }
      const fix = at >= 0 && flag.range.start.line === flag.range.end.line ? { title: 'Remove --platform', edits: [{ range: args.range(at, end), newText: '' }] } : undefined;
      out.push(finding(flag.range, '--platform=$TARGETPLATFORM is already the default for FROM; remove the flag.', fix));
    }
    return out;
  },
};
