import type { Range } from '../types';
import { shellScriptArgument } from './exec-always-succeeds';
import { healthcheckScript } from './healthcheck-script';
import type { ToolCall } from './http-tool-check';
import { argvToolCall, scriptToolCall } from './http-tool-check';
import type { Instruction } from './model';
import type { ShellScript } from './shell';
import { commandsInOrder } from './wrapped';

/** A HEALTHCHECK command that runs curl or wget first (see scriptToolCall), and where the tool's name is written. */
export interface HealthcheckToolCall extends ToolCall {
  range: Range;
}

function inScript(script: ShellScript): HealthcheckToolCall | undefined {
  const call = scriptToolCall(script.commands);
  const word = script.commands[0]?.words[0];
  return call && word ? { ...call, range: word.range } : undefined;
}

/** The exec form (`CMD ["curl", …]`), or the script it hands a shell (`CMD ["sh", "-c", "curl …"]`). */
function inExec(script: ShellScript): HealthcheckToolCall | undefined {
  const words = script.commands[0]?.words ?? [];
  const argv = words.map((w) => w.value);
  if (!shellScriptArgument(argv)) {
    const call = argvToolCall(argv);
    return call && words[0] ? { ...call, range: words[0].range } : undefined;
  }
  const inner = commandsInOrder([script]).find((c) => c.script !== script)?.script;
  return inner ? inScript(inner) : undefined;
}

/** `HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1` and its exec forms: the curl or wget it runs first. */
export function healthcheckToolCall(instr: Instruction): HealthcheckToolCall | undefined {
  const script = healthcheckScript(instr);
  if (!script) {
    return undefined;
  }
  return script.wrapping === undefined ? inScript(script) : inExec(script);
}
