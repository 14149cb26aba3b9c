import { parseImageRef } from '../../dockerfile/image-ref';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, scratchBased } from './helpers';

const rootPath = /^\/+(?:\.)?$/;

function copiesRoot(instr: Instruction): boolean {
  const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
  return instr.flags.some((f) => f.name === 'from') && sources.some((w) => rootPath.test(w.value));
}

/** The earlier stage `COPY --from=<value>` names, by name or index. */
function sourceStage(model: DockerfileModel, instr: Instruction, value: string): Stage | undefined {
  const earlier = model.stages.filter((s) => s.from.startLine < instr.startLine).slice(0, -1);
  return /^\d+$/.test(value) ? earlier[Number(value)] : earlier.find((s) => s.name?.toLowerCase() === value.toLowerCase());
}

/**
 * An image built FROM scratch to be copied whole: tonistiigi/xx's cross-compilation helpers, whose README installs them
 * with `COPY --from=xx / /` (also under a mirror's name, rancher/mirrored-tonistiigi-xx).
 */
const wholeCopyImageRe = /(?:^|[/-])tonistiigi[/-]xx$/;

function copiedWhole(image: string): boolean {
  const parsed = parseImageRef(image);
  return parsed.ok && wholeCopyImageRe.test(parsed.ref.path);
}

/** A stage built only from copied files: FROM scratch (or xx), no ADD (a rootfs tarball) and no COPY of another `/`. */
function filesOnly(stage: Stage): boolean {
  const root = ancestry(stage).pop() as Stage;
  const filesBase = scratchBased(stage) || (root.ref !== undefined && wholeCopyImageRe.test(root.ref.path));
  return filesBase && !ancestry(stage).some((s) => s.instructions.some((i) => i.keyword === 'ADD' || (i.keyword === 'COPY' && copiesRoot(i))));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD308',
    name: 'copy-entire-filesystem',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3067'] },
    description: 'COPY --from=<stage> / copies the whole filesystem of another stage.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const outer of model.parsed.instructions) {
      const instr = outer.trigger ?? outer;
      if (instr.keyword !== 'COPY' || !copiesRoot(instr)) {
        continue;
      }
      const from = instr.flags.find((f) => f.name === 'from')?.value ?? '';
      const source = outer.trigger ? undefined : sourceStage(model, outer, from);
      if (source ? filesOnly(source) : copiedWhole(from)) {
        continue; // a scratch stage holds only the files copied into it
      }
      const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
      for (const src of sources) {
        if (rootPath.test(src.value)) {
          out.push(finding(src.range, 'COPY --from of / copies the other stage\'s entire filesystem (OS, caches, toolchains) into this one; copy only the directories you need, e.g. /opt/venv or /app.'));
        }
      }
    }
    return out;
  },
};
