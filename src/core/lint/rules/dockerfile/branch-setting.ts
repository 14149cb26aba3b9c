import { keyValues } from '../../dockerfile/kv';
import { memoOn, memoSlot } from '../../dockerfile/memo';
import type { Instruction } from '../../dockerfile/model';
import { valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript } from '../../dockerfile/shell';
import { deadBranchSetting } from './build-arg-guard';

/** An ARG or ENV of a variable: its line, and whether it is a bare `ARG X` (no default). */
interface Declaration {
  line: number;
  bare: boolean;
}

const declarationsSlot = memoSlot();

function collectDeclarations(stage: Stage): Map<string, Declaration[]> {
  const out = new Map<string, Declaration[]>();
  for (const instr of chainInstructions(stage)) {
    if (instr.keyword !== 'ARG' && instr.keyword !== 'ENV') {
      continue;
    }
    for (const kv of keyValues(instr)) {
      const list = out.get(kv.key) ?? [];
      list.push({ line: instr.startLine, bare: instr.keyword === 'ARG' && kv.value === undefined });
      out.set(kv.key, list);
    }
  }
  return out;
}

/** `ARG X` without a default (and no global one) is the last word on X before `instr`: a build that does not pass X sees it empty. */
function bareArgAt(model: DockerfileModel, stage: Stage, instr: Instruction, name: string): boolean {
  if (model.globalArgs.has(name) || (model.buildArgs && Object.prototype.hasOwnProperty.call(model.buildArgs, name))) {
    return false;
  }
  const declared = memoOn(stage, declarationsSlot, collectDeclarations).get(name) ?? [];
  // In file order (parent stages come first): find the last one above `instr` by halving.
  let lo = 0;
  let hi = declared.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((declared[mid] as Declaration).line < instr.startLine) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return declared[lo - 1]?.bare === true;
}

/**
 * How a message starts when `command` sits in a branch the default build skips: `When X=V, ` where the ARG defaults make
 * the test false, `When the build passes X=V (…), ` where the test needs an ARG declared without a default; else ''.
 */
export function branchSettingPrefix(script: ShellScript, command: ShellCommand, model: DockerfileModel, stage: Stage, instr: Instruction): string {
  const values = valuesAt(model, stage, instr);
  const setting = deadBranchSetting(script, command, values);
  if (setting !== undefined) {
    return `When ${setting}, `;
  }
  const unset = deadBranchSetting(script, command, { get: (name) => values.get(name) ?? (values.has(name) && bareArgAt(model, stage, instr, name) ? '' : undefined) });
  return unset === undefined || !unset.includes('=') ? '' : `When the build passes ${unset} (without it this install is skipped), `;
}
