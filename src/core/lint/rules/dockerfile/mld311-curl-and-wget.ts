import type { Stage } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import type { RunCommand } from './posix-runs';
import { posixRunCommandsNamed } from './posix-runs';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD311',
    name: 'curl-and-wget',
    family: 'performance',
    severity: 'hint',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL4001'] },
    description: 'The Dockerfile uses both curl and wget; one download tool is enough.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const reported = new Set<RunCommand>();
    // Each stage's image holds the tools of its own ancestry only: unrelated stages (a builder) may use the other tool.
    // A stage's first download and first download with the other tool, built from its parent's (parents come first).
    const chain = new Map<Stage, { first?: RunCommand; other?: RunCommand }>();
    const own = new Map<Stage, RunCommand[]>();
    for (const c of posixRunCommandsNamed(model, ['curl', 'wget'])) {
      const list = own.get(c.stage);
      if (list) {
        list.push(c);
      } else {
        own.set(c.stage, [c]);
      }
    }
    for (const stage of model.stages) {
      const inherited = stage.parent ? (chain.get(stage.parent) ?? {}) : {};
      let { first, other } = inherited;
      for (const c of own.get(stage) ?? []) {
        first ??= c;
        if (!other && c.name !== first.name) {
          other = c;
        }
      }
      chain.set(stage, { ...(first ? { first } : {}), ...(other ? { other } : {}) });
      if (first && other && !reported.has(other)) {
        reported.add(other);
        out.push(finding(other.nameWord.range, `This file already downloads with ${first.name} (line ${first.nameWord.range.start.line}); use ${first.name} here too, so the image needs only one download tool.`));
      }
    }
    return out;
  },
};
