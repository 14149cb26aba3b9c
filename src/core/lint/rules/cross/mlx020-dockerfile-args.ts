import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel } from '../../dockerfile/semantic';

/** The Dockerfile frontend itself (`docker/dockerfile`, `docker/dockerfile-upstream`, any registry mirror, tag or digest). */
const dockerfileFrontendRe = /^(?:\S+\/)?docker\/dockerfile(?:-upstream)?(?:[:@]\S*)?$/i;

/** An official `*-onbuild` base runs triggers written in another repository: they may declare ARGs. */
const onbuildImageRe = /onbuild/i;

function argNames(instr: Instruction, into: Set<string>): void {
  const arg = instr.keyword === 'ARG' ? instr : instr.keyword === 'ONBUILD' && instr.trigger?.keyword === 'ARG' ? instr.trigger : undefined;
  if (arg) {
    for (const kv of keyValues(arg)) {
      into.add(kv.key);
    }
  }
}

/**
 * Every name an `ARG` of the file declares, before the first FROM, in any stage (built or not) or in an ONBUILD
 * trigger; undefined when the build may consume arguments the file does not show: a `# syntax=` frontend other
 * than the Dockerfile one, a base image with ONBUILD triggers of its own, or no stage at all.
 */
export function declaredArgs(model: DockerfileModel): ReadonlySet<string> | undefined {
  const syntax = model.parsed.directives.find((d) => d.name === 'syntax');
  if ((syntax && !dockerfileFrontendRe.test(syntax.value.trim())) || model.stages.length === 0) {
    return undefined;
  }
  if (model.stages.some((s) => s.imageWord !== undefined && onbuildImageRe.test(s.imageWord.value))) {
    return undefined;
  }
  const names = new Set<string>();
  model.preamble.forEach((instr) => argNames(instr, names));
  model.stages.forEach((s) => s.instructions.forEach((instr) => argNames(instr, names)));
  return names;
}
