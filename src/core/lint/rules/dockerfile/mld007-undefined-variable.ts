import { baseProvides, commonEnv } from '../../dockerfile/base-env';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { ancestry, scopeNames } from '../../dockerfile/semantic';
import { findVarRefs } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, replace } from './helpers';
import { nearest } from './keywords';

const expanded = new Set(['ENV', 'ADD', 'COPY', 'WORKDIR', 'LABEL', 'USER', 'EXPOSE', 'VOLUME', 'STOPSIGNAL']);

/** Compiler, linker and interpreter search paths that base images and toolchains commonly set, and that are no typo of a nearby name. */
const toolchainVariables = new Set([
  'CPATH',
  'C_INCLUDE_PATH',
  'CPLUS_INCLUDE_PATH',
  'LIBRARY_PATH',
  'LD_LIBRARY_PATH',
  'LD_PRELOAD',
  'PKG_CONFIG_PATH',
  'CMAKE_PREFIX_PATH',
  'PYTHONPATH',
  'MANPATH',
  'CUDA_HOME',
  'CUDA_PATH',
]);

/** `ENV X=/opt/x:$X`: the variable extends its inherited value, so no other name is meant. */
function extendsItself(instr: Instruction, name: string): boolean {
  return instr.keyword === 'ENV' && keyValues(instr).some((kv) => kv.key === name);
}

/** The stage's whole environment is known: its in-file ancestry ends at scratch. */
function fullyKnown(stage: Stage): boolean {
  const chain = ancestry(stage);
  return chain[chain.length - 1]?.image?.toLowerCase() === 'scratch';
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD007',
    name: 'undefined-variable',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { buildkit: ['UndefinedVar'] },
    description: 'A variable the builder expands is declared by no ARG or ENV in scope.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const known = fullyKnown(stage);
      const root = ancestry(stage)[ancestry(stage).length - 1];
      for (const instr of stage.instructions) {
        if (!expanded.has(instr.keyword)) {
          continue;
        }
        const text = instr.args.text;
        const refs = findVarRefs(text.slice(instr.argsStart), model.parsed.escape);
        if (refs.length === 0) {
          continue;
        }
        const scope = scopeNames(stage, instr);
        const candidates = [...scope, ...commonEnv];
        for (const ref of refs) {
          if (scope.has(ref.name) || /^:?[-+?]/.test(ref.modifier) || (!known && baseProvides(root?.ref, ref.name))) {
            continue;
          }
          const ownName = toolchainVariables.has(ref.name) || extendsItself(instr, ref.name);
          if (!known && ownName) {
            continue; // set by the base image or the toolchain it installs, as far as this file can tell
          }
          const suggestion = ownName ? undefined : nearest(ref.name, candidates.filter((c) => c !== ref.name), 2);
          if (!known && !suggestion) {
            continue; // could come from the base image's environment (trap T9)
          }
          const start = instr.argsStart + ref.start;
          const range = instr.args.range(start, instr.argsStart + ref.end);
          out.push(
            finding(
              range,
              suggestion ? `$${ref.name} is not defined here (it expands to an empty string); did you mean $${suggestion}?` : `$${ref.name} is not defined by any ARG or ENV in scope, so it expands to an empty string; declare it first.`,
              suggestion ? { title: `Rename to ${suggestion}`, edits: [replace(range, text.slice(start, instr.argsStart + ref.end).replace(ref.name, suggestion))] } : undefined,
            ),
          );
        }
      }
    }
    return out;
  },
};
