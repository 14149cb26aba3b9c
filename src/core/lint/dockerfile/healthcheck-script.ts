import { scanJsonArray } from './json-form';
import { withMemo } from './memo';
import type { Instruction } from './model';
import type { ShellScript, ShellWord } from './shell';
import { splitShell } from './shell';

/**
 * `HEALTHCHECK [OPTIONS] CMD …` in exec or shell form (the exec form as one command of the array's strings, with a
 * `wrapping` as execFormScript gives a RUN's); none for `HEALTHCHECK NONE`.
 */
export function healthcheckScript(instr: Instruction): ShellScript | undefined {
  const cmd = instr.words[0];
  if (cmd?.value.toUpperCase() !== 'CMD') {
    return undefined;
  }
  const json = scanJsonArray(instr.args, cmd.end);
  if (!json) {
    return splitShell(instr.args.slice(cmd.end));
  }
  const text = instr.args;
  const words = json.map((arg): ShellWord => ({ value: arg.value, raw: text.text.slice(arg.start, arg.end), start: arg.start, end: arg.end, range: arg.range }));
  return { text, commands: [withMemo({ assignments: [], words })], wrapping: { command: undefined, range: text.range(cmd.end, text.text.length), forbidden: undefined } };
}
