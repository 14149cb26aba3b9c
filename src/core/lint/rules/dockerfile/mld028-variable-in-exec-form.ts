import { onlyABuildArg } from '../../dockerfile/build-arg-only';
import { effective } from '../../dockerfile/semantic';
import type { EntrypointScript } from '../../dockerfile/entrypoint-script';
import { entrypointScriptFor } from '../../dockerfile/entrypoint-script';
import { shellScriptIndex } from '../../dockerfile/exec-form';
import { basename, programIndex } from '../../dockerfile/shell';
import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

/** Programs whose own scripts write `$(…)` (make variables, awk fields, jq and Perl): there it is no shell syntax. */
const dollarParenPrograms = new Set(['make', 'gmake', 'awk', 'gawk', 'mawk', 'nawk', 'perl', 'jq', 'sed', 'ruby']);
/** Options after which an interpreter takes code, in its own language. */
const codeOptions = new Set(['-c', '-e', '-E', '--eval', '--command']);
/** A `$(…)` command substitution (not `$((…))` arithmetic, which is shell too but rare here). */
const commandSubstitution = /\$\([^()]*\)/;

/** `ENV NAME=${NAME}`, which keeps a build ARG's value in the image for the container's shell. */
const keepAsEnv = (name: string): string => `ENV ${name}=\${${name}}`;

function literalMessage(value: string, name: string, argOnly: boolean): string {
  const problem = `"${value}" reaches the program literally: exec form runs no shell, so $${name} is not expanded`;
  return argOnly
    ? `${problem}, and ${name} is a build ARG, which a shell in the running container expands to nothing; write the value in literally, or add ${keepAsEnv(name)} and use ["sh", "-c", "…"] or the shell form.`
    : `${problem}; use ["sh", "-c", "…"] or the shell form.`;
}

function scriptArgumentMessage(value: string, name: string, argOnly: boolean): string {
  const problem = `"${value}" reaches the shell script as one of its arguments, as written: the shell expands only the script itself, so $${name} is not expanded`;
  return argOnly
    ? `${problem}; ${name} is a build ARG, which does not reach the running container: write the value in literally, or add ${keepAsEnv(name)} and write $${name} inside the script.`
    : `${problem}; write it inside the script.`;
}

/** A CMD item handed to an ENTRYPOINT script that does not (or may not) expand it. */
function entrypointArgumentMessage(value: string, name: string, entrypoint: EntrypointScript): string {
  const start = `"${value}" reaches the ENTRYPOINT ${entrypoint.path} as one of its arguments, as written: exec form runs no shell`;
  return entrypoint.kind === 'passes-on'
    ? `${start} and the script does not expand its arguments, so $${name} is not expanded; read $${name} inside the script instead.`
    : `${start}, so $${name} is not expanded unless the ENTRYPOINT expands it (eval); if it does not, read $${name} inside the script instead.`;
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
  check({ model, buildContext }) {
    const out: RuleFinding[] = [];
    for (const written of model.parsed.instructions) {
      const instr = effective(written);
      if (!instr.json || !['CMD', 'ENTRYPOINT', 'RUN'].includes(instr.keyword)) {
        continue;
      }
      const first = instr.json[0];
      if (!first) {
        continue;
      }
      const values = instr.json.map((j) => j.value);
      const program = basename(values[programIndex(values.length, (i) => values[i] as string)] ?? first.value);
      const script = shellScriptIndex(values);
      // The CMD's items are the arguments of the ENTRYPOINT, when the stage has one (read once a finding is due).
      let entrypoint: { script: EntrypointScript | undefined } | undefined;
      const entrypointScript = (): EntrypointScript | undefined =>
        instr.keyword === 'CMD' && written === instr ? (entrypoint ??= { script: entrypointScriptFor(model, instr, buildContext) }).script : undefined;
      for (let k = 0; k < instr.json.length; k++) {
        if (k === script) {
          continue;
        }
        const arg = instr.json[k] as (typeof instr.json)[number];
        const ref = findVarRefs(arg.value, '\\')[0];
        const sub = !ref && k > 0 && !dollarParenPrograms.has(program) && !codeOptions.has(instr.json[k - 1]?.value ?? '') ? commandSubstitution.exec(arg.value)?.[0] : undefined;
        if ((sub || ref) && entrypointScript()?.kind === 'expands' && !(ref && onlyABuildArg(model, instr, ref.name))) {
          continue;
        }
        if (sub) {
          out.push(finding(arg.range, `"${arg.value}" reaches the program literally: exec form runs no shell, so ${sub} is not run; use ["sh", "-c", "exec …"] or compute the value in an entrypoint script.`));
        }
        if (ref) {
          // A shell in the running container sees only the image's environment: a build ARG is not in it.
          const argOnly = instr.keyword !== 'RUN' && written === instr && onlyABuildArg(model, instr, ref.name);
          const toScript = argOnly ? undefined : entrypointScript();
          out.push(
            finding(
              arg.range,
              toScript ? entrypointArgumentMessage(arg.value, ref.name, toScript) : script >= 0 && k > script ? scriptArgumentMessage(arg.value, ref.name, argOnly) : literalMessage(arg.value, ref.name, argOnly),
            ),
          );
        }
      }
    }
    return out;
  },
};
