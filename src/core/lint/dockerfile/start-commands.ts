import type { Instruction } from './model';
import type { Stage } from './semantic';
import { chainInstructions } from './semantic';
import type { ShellWord } from './shell';
import { splitShell } from './shell';
import { commandsInOrder, execFormScript } from './wrapped';

/** An instruction's commands: its array or its shell-form line, then the scripts those hand a shell (`["bash", "-c", "…"]`). */
function commandsOf(instr: Instruction): ShellWord[][] {
  const script = instr.json ? execFormScript(instr) : splitShell(instr.args.slice(instr.argsStart));
  return script ? commandsInOrder([script]).map(({ command }) => command.words) : [];
}

function lastOf(chain: readonly Instruction[], keyword: string): Instruction | undefined {
  return chain.filter((i) => i.keyword === keyword).pop();
}

/**
 * The commands a container of the stage starts, each as its words: an exec-form ENTRYPOINT with the CMD's array as
 * its arguments (`["jupyter", "lab"]` + `["--ip=0.0.0.0"]`), a shell-form one alone, or the CMD; and the scripts
 * they hand a shell.
 */
export function startCommands(stage: Stage): ShellWord[][] {
  const chain = chainInstructions(stage);
  const entrypoint = lastOf(chain, 'ENTRYPOINT');
  const cmd = lastOf(chain, 'CMD');
  if (!entrypoint) {
    return cmd ? commandsOf(cmd) : [];
  }
  if (!entrypoint.json || !cmd) {
    return commandsOf(entrypoint);
  }
  const [own = [], ...nested] = commandsOf(entrypoint);
  const cmdCommands = commandsOf(cmd);
  // A shell-form CMD reaches the ENTRYPOINT as `/bin/sh -c LINE`: its commands run where that passes them on.
  if (!cmd.json) {
    return [own, ...nested, ...cmdCommands];
  }
  const [args = [], ...cmdNested] = cmdCommands;
  return [[...own, ...args], ...nested, ...cmdNested];
}
