import { effective } from '../../dockerfile/semantic';
import { basename } from '../../dockerfile/shell';
import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const shells = new Set(['sh', 'bash', 'dash', 'ash', 'zsh']);
/** Programs whose own scripts write `$(…)` (make variables, awk fields, jq and Perl): there it is no shell syntax. */
const dollarParenPrograms = new Set(['make', 'gmake', 'awk', 'gawk', 'mawk', 'nawk', 'perl', 'jq', 'sed', 'ruby']);
/** Options after which an interpreter takes code, in its own language. */
const codeOptions = new Set(['-c', '-e', '-E', '--eval', '--command']);
/** A `$(…)` command substitution (not `$((…))` arithmetic, which is shell too but rare here). */
const commandSubstitution = /\$\([^()]*\)/;

/** A short-option cluster with `c` in it (`-c`, `-lc`, `-ec`, `-euxc`): the shell's next argument is its script. */
const commandOption = /^-[A-Za-z]*c[A-Za-z]*$/;
/** Programs that run a command through a user's login shell (`su -c`, `runuser -c`). */
const userSwitchers = new Set(['su', 'runuser']);
/** Shell options that take the next argument as their value (`bash -o pipefail -c …`). */
const optionsWithValue = new Set(['-o', '+o', '-O', '+O']);

/**
 * Where the script of a shell in the argument list is (`["sh", "-c", SCRIPT]`, behind a wrapper as in `["tini",
 * "--", "bash", "-lc", SCRIPT]` or `["gosu", "app", "sh", "-c", SCRIPT]`): that shell expands what it holds.
 * Arguments after it are the script's `$0`, `$1`…, which reach it as written. -1 when no shell is given a script.
 */
function shellScriptIndex(args: readonly string[]): number {
  for (let k = 0; k < args.length; k++) {
    const program = basename(args[k] as string);
    if (userSwitchers.has(program)) {
      // `su [user] -c COMMAND`, `runuser -u user -c COMMAND`: the user's shell runs COMMAND.
      const at = args.findIndex((a, j) => j > k && (a === '-c' || a === '--command' || a.startsWith('--command=')));
      if (at >= 0) {
        return (args[at] as string).startsWith('--command=') ? at : at + 1 < args.length ? at + 1 : -1;
      }
      continue;
    }
    if (!shells.has(program)) {
      continue;
    }
    for (let j = k + 1; j < args.length; j++) {
      const option = args[j] as string;
      if (commandOption.test(option)) {
        return j + 1 < args.length ? j + 1 : -1;
      }
      if (!/^[-+]./.test(option) || option === '--') {
        break;
      }
      if (optionsWithValue.has(option)) {
        j++;
      }
    }
  }
  return -1;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD028',
    name: 'variable-in-exec-form',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'An exec-form CMD, ENTRYPOINT or RUN contains $VAR or a $(…) command substitution, which no shell expands.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const instr of model.parsed.instructions.map(effective)) {
      if (!instr.json || !['CMD', 'ENTRYPOINT', 'RUN'].includes(instr.keyword)) {
        continue;
      }
      const first = instr.json[0];
      if (!first) {
        continue;
      }
      const program = basename(first.value);
      const script = shellScriptIndex(instr.json.map((j) => j.value));
      for (let k = 0; k < instr.json.length; k++) {
        if (k === script) {
          continue;
        }
        const arg = instr.json[k] as (typeof instr.json)[number];
        const ref = findVarRefs(arg.value, '\\')[0];
        const sub = !ref && k > 0 && !dollarParenPrograms.has(program) && !codeOptions.has(instr.json[k - 1]?.value ?? '') ? commandSubstitution.exec(arg.value)?.[0] : undefined;
        if (sub) {
          out.push(finding(arg.range, `"${arg.value}" reaches the program literally: exec form runs no shell, so ${sub} is not run; use ["sh", "-c", "exec …"] or compute the value in an entrypoint script.`));
        }
        if (ref) {
          out.push(
            finding(
              arg.range,
              script >= 0 && k > script
                ? `"${arg.value}" reaches the shell script as one of its arguments, as written: the shell expands only the script itself, so $${ref.name} is not expanded; write it inside the script.`
                : `"${arg.value}" reaches the program literally: exec form runs no shell, so $${ref.name} is not expanded; use ["sh", "-c", "…"] or the shell form.`,
            ),
          );
        }
      }
    }
    return out;
  },
};
