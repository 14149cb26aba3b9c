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

/** A full image reference (`ubuntu:24.04`, `ghcr.io/org/x`, `x@sha256:…`): a stage or named context has no `:`, `/` or `@`. */
const imageReferenceRe = /[:/@]/;

/**
 * Where `COPY --from=<value>` copies from, when it is an image or an earlier stage that is no scratch stage of copied
 * files; undefined for a named build context (a folder, or another build's scratch target, such as frigate's bake
 * `rootfs`) and for a bare name that is neither (MLD011 reports that one).
 */
function wholeSystem(model: DockerfileModel, outer: Instruction, value: string): 'stage' | 'image' | undefined {
  if (model.namedContexts?.has(value.toLowerCase())) {
    return undefined;
  }
  const source = outer.trigger ? undefined : sourceStage(model, outer, value);
  if (source !== undefined) {
    return filesOnly(source) ? undefined : 'stage';
  }
  return imageReferenceRe.test(value) && !copiedWhole(value) ? 'image' : undefined;
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
      const whole = wholeSystem(model, outer, from);
      if (whole === undefined) {
        continue;
      }
      const what = whole === 'image' ? `the image ${from}'s` : "the other stage's";
      const sources = instr.json ? instr.json.slice(0, -1) : instr.words.slice(0, -1);
      for (const src of sources) {
        if (rootPath.test(src.value)) {
          out.push(finding(src.range, `COPY --from of / copies ${what} entire filesystem (OS, caches, toolchains) into this one; copy only the directories you need, e.g. /opt/venv or /app.`));
        }
      }
    }
    return out;
  },
};
