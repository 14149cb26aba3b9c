import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD206',
    name: 'from-platform-constant',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3029'], buildkit: ['FromPlatformFlagConstDisallowed'] },
    description: 'FROM --platform names a constant platform, which breaks builds for other architectures (e.g. arm64 GPU hosts).',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      const value = flag?.value;
      if (!flag || value === undefined || value === '' || value.includes('$')) {
        continue;
      }
      // BuildKit allows a constant when the stage name says which platform it is for (`AS build-arm64`).
      const name = stage.name?.toLowerCase() ?? '';
      const parts = value.toLowerCase().split('/').filter((p) => p !== '');
      if (name !== '' && parts.some((p) => p !== 'linux' && name.includes(p))) {
        continue;
      }
      out.push(finding(flag.range, `--platform=${value} pins this stage to one platform, so the image cannot be built for others (e.g. arm64 GPU hosts); use $BUILDPLATFORM or $TARGETPLATFORM, or drop the flag.`, undefined, 'DL3029'));
    }
    return out;
  },
};
