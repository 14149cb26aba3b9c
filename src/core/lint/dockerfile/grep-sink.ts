import type { ShellCommand } from './shell';
import { effectiveCommand } from './shell';

/** grep's short options that take a value (`-e PATTERN`, `-f FILE`, `-m NUM`, `-A NUM`, …). */
const shortWithValue = new Set(['e', 'f', 'm', 'A', 'B', 'C', 'd', 'D']);
/** Its long options that take a value as the next word when written without `=`. */
const longWithValue = new Set(['--regexp', '--file', '--max-count', '--after-context', '--before-context', '--context', '--directories', '--devices', '--label', '--binary-files', '--include', '--exclude', '--exclude-dir', '--exclude-from', '--color', '--colour']);
/**
 * Options after which grep can succeed on input that says nothing of the producer's success: `-v` and `-L` select any
 * other line (an error message will do), `-c` counts; `-r` reads the working directory instead of the pipe.
 */
const selectsAnyShort = new Set(['v', 'L', 'c', 'r', 'R']);
const selectsAnyLong = new Set(['--invert-match', '--files-without-match', '--count', '--recursive', '--dereference-recursive']);

/** Downloads that stream to the pipe: one cut off midway has printed part of the page, which grep may still match. */
const streamingDownloads = new Set(['curl', 'wget']);

/**
 * The command is a grep that reads the pipe and succeeds only when a line matches (`ls -la | grep python`): a
 * producer that fails with no output makes grep, and so the pipe, fail without pipefail. Not with `-v`, `-L`, `-c` or
 * `-r`, with a file to read, when `||` tolerates grep's failure, or after a download (`curl … | grep -q x`).
 */
export function grepFailsOnEmptyInput(cmd: ShellCommand, producers: readonly ShellCommand[]): boolean {
  const eff = effectiveCommand(cmd);
  if (!eff || !['grep', 'egrep', 'fgrep'].includes(eff.name) || cmd.after === '||') {
    return false;
  }
  if (producers.some((p) => streamingDownloads.has(effectiveCommand(p)?.name ?? ''))) {
    return false;
  }
  const args = eff.args.map((a) => a.value);
  let patternGiven = false;
  const operands: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string;
    if (arg === '--') {
      operands.push(...args.slice(k + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const name = arg.split('=')[0] as string;
      if (selectsAnyLong.has(name)) {
        return false;
      }
      patternGiven ||= name === '--regexp' || name === '--file';
      k += longWithValue.has(name) && !arg.includes('=') ? 1 : 0;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let c = 1; c < arg.length; c++) {
        const letter = arg[c] as string;
        if (selectsAnyShort.has(letter)) {
          return false;
        }
        if (shortWithValue.has(letter)) {
          patternGiven ||= letter === 'e' || letter === 'f';
          k += c === arg.length - 1 ? 1 : 0;
          break;
        }
      }
      continue;
    }
    operands.push(arg);
  }
  const files = patternGiven ? operands : operands.slice(1);
  return files.every((f) => f === '-');
}
