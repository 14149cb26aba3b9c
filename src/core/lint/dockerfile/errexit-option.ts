/**
 * Whether shell options turn errexit on (`-e`, `-eux`, `-o errexit`), off (`+e`, `+o errexit`) or leave it as it was
 * (undefined): the options of a shell (`bash -e`, a SHELL's array, a shebang) or of `set`. Reading stops at `--`, `-c`
 * and the first operand.
 */
export function errexitOption(args: readonly string[]): boolean | undefined {
  let state: boolean | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    if (!/^[-+][A-Za-z]+$/.test(a)) {
      break;
    }
    const on = a[0] === '-';
    if (a.slice(1).includes('e')) {
      state = on;
    }
    if (a.endsWith('o') && args[k + 1] === 'errexit') {
      state = on;
    }
    if (a.endsWith('c')) {
      break;
    }
    k += a.endsWith('o') ? 1 : 0;
  }
  return state;
}
