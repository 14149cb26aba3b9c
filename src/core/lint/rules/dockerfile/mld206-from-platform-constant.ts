import { isRocmImage } from '../../dockerfile/rocm';
import type { Stage } from '../../dockerfile/semantic';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/** The advice for a constant platform: a ROCm base only exists for amd64, so there the pin is kept and named. */
function advice(stage: Stage, value: string, parts: readonly string[]): string {
  const base = baseRef(stage)?.ref;
  if (base && parts.includes('amd64') && isRocmImage(base)) {
    const named = `${stage.name ?? 'rocm'}-amd64`;
    return `--platform=${value} pins this stage to one platform, which its ROCm base needs: ROCm images are published for linux/amd64 only, so dropping the flag would not let the stage build for arm64; name the stage for its platform (e.g. AS ${named}) to say the pin is meant.`;
  }
  return `--platform=${value} pins this stage to one platform, so the image cannot be built for others (e.g. arm64 GPU hosts); use $BUILDPLATFORM or $TARGETPLATFORM, or drop the flag.`;
}

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
      out.push(finding(flag.range, advice(stage, value, parts), undefined, 'DL3029'));
    }
    return out;
  },
};
