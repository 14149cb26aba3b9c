import { baseCudaVersion } from '../../dockerfile/cuda';
import { isNvidiaCuda } from '../../dockerfile/image-ref';
import type { DockerfileRule } from '../../rule';
import { finding } from './helpers';

/**
 * End-of-life nvidia/cuda versions whose tags NVIDIA deletes. Update with each release.
 * Entries are version prefixes; every major below `eolBelowMajor` is end-of-life.
 */
export const cudaEolTable = { eolBelowMajor: 11, prefixes: ['11.0', '11.2.1'] } as const;

export function isCudaEol(version: string): boolean {
  const major = Number(/^(\d+)/.exec(version)?.[1] ?? NaN);
  if (!Number.isFinite(major)) {
    return false;
  }
  if (major < cudaEolTable.eolBelowMajor) {
    return true;
  }
  return cudaEolTable.prefixes.some((p) => version === p || version.startsWith(`${p}.`) || version.startsWith(`${p}-`));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD403',
    name: 'cuda-image-eol',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'The nvidia/cuda tag is end-of-life; NVIDIA deletes such tags.',
  },
  check({ model }) {
    const out = [];
    for (const stage of model.stages) {
      const ref = stage.ref;
      if (!ref || !stage.imageWord || !isNvidiaCuda(ref) || ref.tag === undefined) {
        continue;
      }
      const v = baseCudaVersion(ref);
      const full = /^\d+(?:\.\d+){0,2}/.exec(ref.tag)?.[0];
      if (!v || full === undefined || !isCudaEol(full)) {
        continue;
      }
      out.push(
        finding(
          stage.imageWord.range,
          `CUDA ${full} is end-of-life and NVIDIA deletes its nvidia/cuda tags, so this build can break without notice; move to a supported CUDA 12.x tag.`,
        ),
      );
    }
    return out;
  },
};
