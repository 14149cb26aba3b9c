import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const hubAliases = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

function normaliseRegistry(r: string): string {
  const lower = r.toLowerCase();
  return hubAliases.has(lower) ? 'docker.io' : lower;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD106',
    name: 'untrusted-registry',
    family: 'security',
    severity: 'error',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3026'] },
    description: 'The FROM image comes from a registry not listed in trustedRegistries.',
  },
  check({ model, settings }) {
    const trusted = settings.trustedRegistries;
    const out: RuleFinding[] = [];
    if (!trusted) {
      return out;
    }
    const allowed = new Set(trusted.map(normaliseRegistry));
    for (const stage of model.stages) {
      if (!stage.ref || !stage.imageWord) {
        continue;
      }
      const registry = normaliseRegistry(stage.ref.domain);
      if (!allowed.has(registry)) {
        out.push(finding(stage.imageWord.range, `${registry} is not a trusted registry (trustedRegistries: ${trusted.join(', ')}); pull the image through a trusted registry or add it to the list.`));
      }
    }
    return out;
  },
};
