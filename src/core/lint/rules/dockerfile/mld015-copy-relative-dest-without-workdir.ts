import { isNgcPytorch, isPytorchImage } from '../../dockerfile/image-ref';
import type { Stage } from '../../dockerfile/semantic';
import { ancestry, baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { isAbsolutePath } from './mld014-workdir-relative';

/** Bases known to set a WORKDIR (bundled table). */
function baseSetsWorkdir(stage: Stage): boolean {
  const base = baseRef(stage);
  if (!base) {
    return false;
  }
  const ref = base.ref;
  return isPytorchImage(ref) || isNgcPytorch(ref) || (ref.domain === 'nvcr.io' && /^nvidia\/(?:tensorflow|jax|tritonserver|nemo)/.test(ref.path)) || ref.path === 'vllm/vllm-openai';
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD015',
    name: 'copy-relative-dest-without-workdir',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3045'] },
    description: 'COPY/ADD targets a relative destination before any WORKDIR.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const chain = ancestry(stage);
      const root = chain[chain.length - 1] as Stage;
      // Unresolved or invalid bases stay silent; so does scratch, whose working directory is always /.
      if (root.ref === undefined || baseSetsWorkdir(stage)) {
        continue;
      }
      let workdir = chain.slice(1).some((s) => s.instructions.some((i) => i.keyword === 'WORKDIR'));
      for (const instr of stage.instructions) {
        if (instr.keyword === 'WORKDIR') {
          workdir = true;
          continue;
        }
        if (workdir || (instr.keyword !== 'COPY' && instr.keyword !== 'ADD')) {
          continue;
        }
        const dest = instr.json ? undefined : instr.words[instr.words.length - 1];
        if (!dest || instr.words.length < 2 || isAbsolutePath(dest.value) || dest.value.startsWith('$')) {
          continue;
        }
        const abs = `/${dest.value.replace(/^\.\/?/, '')}`;
        out.push(
          finding(dest.range, `The destination "${dest.value}" is relative but no WORKDIR is set, so it depends on the base image; set WORKDIR first or use an absolute path such as ${abs}.`, {
            title: `Use ${abs}`,
            edits: [replace(dest.range, abs)],
          }),
        );
      }
    }
    return out;
  },
};
