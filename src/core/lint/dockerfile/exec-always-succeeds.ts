import { errexitOption } from './errexit-option';
import { scriptAlwaysSucceeds, succeedingPrograms } from './script-always-succeeds';

const shellRe = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh$/;

/** Where the script of `sh|bash [flags] -c SCRIPT` is in the argument list, and whether a flag sets errexit (`-ec`). */
export function shellScriptArgument(argv: readonly string[]): { at: number; errexit: boolean } | undefined {
  if (!shellRe.test(argv[0] ?? '')) {
    return undefined;
  }
  for (let k = 1; k < argv.length; k++) {
    const flag = argv[k] as string;
    if (!flag.startsWith('-')) {
      return undefined;
    }
    if (/^-\w*c\w*$/.test(flag)) {
      return k + 1 < argv.length ? { at: k + 1, errexit: errexitOption(argv.slice(1, k + 1)) === true } : undefined;
    }
  }
  return undefined;
}

/** The command on one line, cut at 60 characters. */
export function shownCommand(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** A script on one line for a message: its lines joined with `; `, or with a blank after an operator or a `\` that continues them. */
export function shownScript(text: string): string {
  return shownCommand(text.trim().replace(/\\\n/g, ' ').replace(/(\|\||&&|\||;)?[ \t]*\n\s*/g, (_m, op: string | undefined) => (op ? `${op} ` : '; ')));
}

/**
 * A command run without a shell that can never fail, as written for a message (`echo success`, the script of
 * `sh -c "echo success"`): `true`, `echo …`, and a shell script that can only exit 0 (`:`, `exit 0`, `curl -f … ||
 * true`). Undefined for any other command, and for one that cannot even start (`["echo ok"]`, `[":"]`: no such
 * program), which always fails.
 */
export function alwaysSucceedingArgv(argv: readonly string[]): string | undefined {
  const shell = shellScriptArgument(argv);
  if (shell !== undefined) {
    const text = argv[shell.at] as string;
    return scriptAlwaysSucceeds(text, shell.errexit) ? shownCommand(text) : undefined;
  }
  return succeedingPrograms.has(argv[0] ?? '') ? shownCommand(argv.join(' ')) : undefined;
}
