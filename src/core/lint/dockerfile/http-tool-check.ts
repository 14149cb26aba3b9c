import type { ShellCommand } from './shell';
import type { HttpTool } from './tool-less-images';

/** A healthcheck command that runs curl or wget first: the tool, and its arguments as written. */
export interface ToolCall {
  tool: HttpTool;
  args: readonly string[];
}

const toolRe = /^(?:\/(?:usr\/(?:local\/)?)?bin\/)?(curl|wget)$/;

/** The program word names curl or wget, bare or in a standard bin folder. */
function toolOf(program: string | undefined): HttpTool | undefined {
  return toolRe.exec(program ?? '')?.[1] as HttpTool | undefined;
}

/** An argument list run without a shell (`["CMD", "curl", "-f", …]`) whose program is curl or wget. */
export function argvToolCall(argv: readonly string[]): ToolCall | undefined {
  const tool = toolOf(argv[0]);
  return tool ? { tool, args: argv.slice(1) } : undefined;
}

/** `exit N` with N other than 0, or `false`: a fallback that keeps the script failing. */
function failsToo(cmd: ShellCommand): boolean {
  const words = cmd.words.map((w) => w.value);
  return (words[0] === 'exit' && words.length === 2 && /^\d+$/.test(words[1] ?? '') && Number(words[1]) !== 0) || (words[0] === 'false' && words.length === 1);
}

/**
 * A shell script whose first command runs curl or wget, when the script fails whenever that command cannot start:
 * `curl -f URL`, `curl … && echo ok`, `curl … || exit 1`. Undefined for anything else, in particular a script with
 * another fallback (`curl … || wget …`), a pipeline, a later list (`curl …; exit 0`) or a compound command.
 */
export function scriptToolCall(commands: readonly ShellCommand[]): ToolCall | undefined {
  const [first, ...rest] = commands;
  const call = first && first.before === undefined ? argvToolCall(first.words.map((w) => w.value)) : undefined;
  if (!call) {
    return undefined;
  }
  for (const cmd of [first, ...rest] as ShellCommand[]) {
    if (cmd.keywords !== undefined || cmd.caseBranches !== undefined || cmd.after === '&' || cmd.after === '|' || cmd.after === '|&') {
      return undefined;
    }
    if (cmd === first) {
      continue;
    }
    if (cmd.before === '&&') {
      continue;
    }
    if (cmd.before !== '||' || !failsToo(cmd)) {
      return undefined;
    }
    if (cmd.words[0]?.value === 'exit') {
      return call;
    }
  }
  return call;
}

/** The URL the call checks, when it names one plainly (`http://localhost:8000/health`, `localhost:3000`). */
export function checkedUrl(call: ToolCall): string | undefined {
  for (const arg of call.args) {
    if (/^https?:\/\/[^\s'"$`\\]+$/.test(arg)) {
      return arg;
    }
    if (/^(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d+)?(?:\/[^\s'"$`\\]*)?$/.test(arg)) {
      return `http://${arg}`;
    }
  }
  return undefined;
}
