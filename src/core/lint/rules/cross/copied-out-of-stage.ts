import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry, effective, finalChain } from '../../dockerfile/semantic';
import { joinPath } from '../dockerfile/workdir-at';

/** The stage a `--from=` value names (a stage name or index); undefined for an image. */
function stageNamed(model: DockerfileModel, from: string): Stage | undefined {
  const lower = from.toLowerCase();
  return /^\d+$/.test(lower) ? model.stages[Number(lower)] : model.stages.find((s) => s.name?.toLowerCase() === lower);
}

/** The `from=` values of a RUN's mounts (`--mount=type=bind,from=builder,…`). */
function mountSources(instr: Instruction): string[] {
  return effective(instr)
    .flags.filter((f) => f.name === 'mount' && f.value !== undefined)
    .flatMap((f) => (f.value ?? '').split(',').filter((p) => p.startsWith('from=')).map((p) => p.slice('from='.length)));
}

/** A `COPY --from` source holds one of `paths`, or may (a relative path, a wildcard, a variable). */
function copiesAny(instr: Instruction, paths: readonly string[]): boolean {
  const sources = instr.json ? instr.json.slice(0, -1).map((j) => j.value) : instr.words.slice(0, -1).map((w) => w.value);
  return sources.some((written) => {
    if (/[$*?[]/.test(written)) {
      return true;
    }
    const source = joinPath('/', written);
    return paths.some((p) => p === source || p.startsWith(source === '/' ? '/' : `${source}/`));
  });
}

/**
 * Can files a stage holds at `paths` (absolute) end up in the final image? Yes when the final image builds on the
 * stage, or another stage mounts it or copies from it (or from a stage built on it) a folder that may hold one of them:
 * LocalAI's final stage copies only /build/local-ai from the builder that ran `COPY . .` in /build.
 */
export function mayReachFinalImage(model: DockerfileModel, stage: Stage, paths: readonly string[]): boolean {
  if (finalChain(model).includes(stage)) {
    return true;
  }
  const built = new Set(model.stages.filter((s) => ancestry(s).includes(stage)));
  const named = (from: string | undefined): boolean => {
    const source = from === undefined ? undefined : stageNamed(model, from);
    return source !== undefined && built.has(source);
  };
  return model.stages
    .filter((s) => !built.has(s))
    .some((s) =>
      s.instructions.some((i) => {
        const instr = effective(i);
        const from = instr.keyword === 'COPY' ? instr.flags.find((f) => f.name === 'from')?.value : undefined;
        return (named(from) && copiesAny(instr, paths)) || (instr.keyword === 'RUN' && mountSources(instr).some(named));
      }),
    );
}
