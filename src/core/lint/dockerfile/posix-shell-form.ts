import type { Instruction } from './model';
import { basename } from './shell';

/** Shells whose grammar a shell-form RUN's script is checked against (zsh and ksh add forms of their own). */
const posixShells = new Set(['sh', 'bash', 'dash', 'ash']);
/** Options that take the next element as their value (`-o pipefail`, `-euxo pipefail`, `-O extglob`). */
const optionWithValue = /^[-+][A-Za-z]*[oO]$/;

/**
 * A shell-form RUN under this SHELL instruction (undefined: the default `/bin/sh -c`) hands its text to a POSIX shell
 * or bash as a `-c` script: the SHELL names such a shell (possibly behind a wrapper such as `conda run -n env`) and
 * only options follow it, the last one ending in `c`.
 */
export function runsPosixScript(shell: Instruction | undefined): boolean {
  if (shell === undefined) {
    return true;
  }
  const args = shell.json?.map((a) => a.value);
  if (args === undefined || !/^-[A-Za-z]*c$/.test(args[args.length - 1] ?? '')) {
    return false;
  }
  let k = args.length - 2;
  while (k >= 0 && !posixShells.has(basename(args[k] as string))) {
    k--;
  }
  if (k < 0) {
    return false;
  }
  for (let j = k + 1; j < args.length; j++) {
    const a = args[j] as string;
    if (!/^[-+]/.test(a)) {
      return false;
    }
    if (optionWithValue.test(a)) {
      j++;
    }
  }
  return true;
}
