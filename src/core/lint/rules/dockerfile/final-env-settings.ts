import type { KeyValue } from '../../dockerfile/kv';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';

/** The ENV setting each variable `wanted` accepts has last in the final image, with its instruction (later ones win). */
export function finalEnvSettings(model: DockerfileModel, wanted: (name: string) => boolean): { instr: Instruction; kv: KeyValue }[] {
  const last = new Map<string, { instr: Instruction; kv: KeyValue }>();
  for (const instr of model.finalStage ? chainInstructions(model.finalStage) : []) {
    if (instr.keyword === 'ENV') {
      for (const kv of keyValues(instr)) {
        if (wanted(kv.key)) {
          last.set(kv.key, { instr, kv });
        }
      }
    }
  }
  return [...last.values()];
}
