import { isCudaBase } from '../../dockerfile/cuda';
import { hasOption, pythonInstalls, requirementName, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { baseRef, scopeNames } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, indentOf, insertLinesBefore } from './helpers';

const extensionRepoRe = /flash-attention|flash-attn|\/apex|xformers|\/vllm/i;
const extensionNames = new Set(['flash-attn', 'apex', 'xformers', 'vllm']);
const defaultArchList = '8.0;8.6;8.9;9.0';

/** The word that shows this RUN builds CUDA extensions from source, if any. */
function sourceBuild(instr: Instruction, stage: Stage): ShellWord | undefined {
  for (const install of pythonInstalls(instr)) {
    if (install.tool === 'conda') {
      continue;
    }
    const noIso = install.options.find((o) => o.name === '--no-build-isolation');
    if (noIso) {
      return noIso.word;
    }
    const git = install.packages.find((p) => /^git\+/.test(p.value) && extensionRepoRe.test(p.value));
    if (git) {
      return git;
    }
    if (hasOption(install, '--no-binary')) {
      const named = install.packages.find((p) => extensionNames.has(requirementName(p.value)));
      if (named) {
        return named;
      }
    }
  }
  const base = baseRef(stage);
  if (base && isCudaBase(base.ref)) {
    for (const { command } of runCommands(instr)) {
      const eff = effectiveCommand(command);
      if (eff && /^python[0-9.]*$/.test(eff.name) && eff.args[0]?.value === 'setup.py' && /^(?:install|build_ext|develop|bdist_wheel)$/.test(eff.args[1]?.value ?? '')) {
        return eff.args[0];
      }
    }
  }
  return undefined;
}

function archListInRun(instr: Instruction): boolean {
  return runCommands(instr).some(({ command }) =>
    [...command.assignments, ...command.words].some((w) => /^(?:export\s+)?TORCH_CUDA_ARCH_LIST=/.test(w.value) || (w.value === 'TORCH_CUDA_ARCH_LIST' && command.words[0]?.value === 'export')),
  );
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD413',
    name: 'cuda-arch-list-unset',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'CUDA extensions are built from source with no TORCH_CUDA_ARCH_LIST in scope.',
  },
  check(ctx) {
    const { model } = ctx;
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    const configured = ctx.settings.ruleOptions.MLD413?.archList;
    const archList = typeof configured === 'string' && configured !== '' ? configured : defaultArchList;
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        const word = sourceBuild(instr, stage);
        if (!word || scopeNames(stage, instr).has('TORCH_CUDA_ARCH_LIST') || archListInRun(instr)) {
          continue;
        }
        out.push(
          finding(
            word.range,
            `This RUN builds CUDA extensions from source without TORCH_CUDA_ARCH_LIST, so it compiles for every GPU architecture (slow, large binaries); set ENV TORCH_CUDA_ARCH_LIST="${archList}" (the architectures you deploy on) before it.`,
            {
              title: `Add ENV TORCH_CUDA_ARCH_LIST="${archList}"`,
              edits: [insertLinesBefore(instr, `${indentOf(instr, model.parsed.lines)}ENV TORCH_CUDA_ARCH_LIST="${archList}"`)],
            },
          ),
        );
      }
    }
    return out;
  },
};
