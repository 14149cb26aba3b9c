import { keyValues } from './kv';
import type { Instruction } from './model';
import type { DockerfileModel, Stage } from './semantic';
import { ancestry, baseRef, envValue } from './semantic';
import { baseProvides } from './base-env';

function declaresArg(stage: Stage, name: string): boolean {
  return stage.instructions.some((i) => i.keyword === 'ARG' && keyValues(i).some((kv) => kv.key === name));
}

/**
 * The name is only a build argument where `instr` (a CMD or ENTRYPOINT) runs: an ARG of the file declares it (before
 * the first FROM, or in the stage or an in-file ancestor) and no ENV of the stage's ancestry, nor of a known base
 * image, sets it. ARG values stay in the build; only ENV values are in the running container's environment.
 */
export function onlyABuildArg(model: DockerfileModel, instr: Instruction, name: string): boolean {
  const stage = model.stages.find((s) => s.instructions.includes(instr));
  if (!stage || envValue(stage, name) !== undefined || baseProvides(baseRef(stage)?.ref, name)) {
    return false;
  }
  return model.globalArgs.has(name) || ancestry(stage).some((s) => declaresArg(s, name));
}
