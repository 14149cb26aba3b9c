import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';

/** `dir` joined to `base` with `.` and `..` folded: `/deps` + `./src/` → `/deps/src`. */
export function joinPath(base: string, dir: string): string {
  const parts: string[] = [];
  for (const part of `${dir.startsWith('/') ? '' : base}/${dir}`.split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '' && part !== '.') {
      parts.push(part);
    }
  }
  return `/${parts.join('/')}`;
}

/** The working directory after `instr`, given `dir`, the one before it (undefined: not set, or unknown). */
export function workdirAfter(dir: string | undefined, instr: Instruction): string | undefined {
  const value = instr.keyword === 'WORKDIR' ? instr.words[0]?.value : undefined;
  if (value === undefined) {
    return dir;
  }
  return value.includes('$') || (dir === undefined && !value.startsWith('/')) ? undefined : joinPath(dir ?? '/', value);
}

/** The working directory at `instr` from the WORKDIRs of the stage's ancestry; undefined when none sets it or it holds a variable. */
export function workdirAt(stage: Stage, instr: Instruction): string | undefined {
  let dir: string | undefined;
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    dir = workdirAfter(dir, i);
  }
  return dir;
}
