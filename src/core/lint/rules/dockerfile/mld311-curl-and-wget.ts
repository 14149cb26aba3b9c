import type { DockerfileRule } from '../../rule';
import { finding } from './helpers';
import { posixRunCommands } from './posix-runs';

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
    const downloads = posixRunCommands(model).filter((c) => c.name === 'curl' || c.name === 'wget');
    const first = downloads[0];
    const other = downloads.find((c) => c.name !== first?.name);
    if (!first || !other) {
      return [];
    }
    return [finding(other.nameWord.range, `This file already downloads with ${first.name} (line ${first.nameWord.range.start.line}); use ${first.name} here too, so the image needs only one download tool.`)];
  },
};
