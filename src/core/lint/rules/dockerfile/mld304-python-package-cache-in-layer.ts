import { hasOption, pythonInstalls, runCommands } from '../../dockerfile/installs';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions, finalChain } from '../../dockerfile/semantic';
import { keyValues } from '../../dockerfile/kv';
import { effectiveCommand } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Instruction } from '../../dockerfile/model';
import type { RuleFinding } from '../../types';
import { mountsCache } from './cache-mounts';
import { finding } from './helpers';

/** An ENV that switches the cache off, set before `instr` in the stage's ancestry. */
function envDisables(stage: Stage, instr: Instruction, name: string): boolean {
  let on = false;
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    if (i.keyword === 'ENV') {
      for (const kv of keyValues(i)) {
        if (kv.key === name) {
          on = kv.value !== undefined && kv.value !== '' && !/^(?:0|false|no|off)$/i.test(kv.value);
        }
      }
    }
  }
  return on;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD304',
    name: 'python-package-cache-in-layer',
    family: 'performance',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: { hadolint: ['DL3042'] },
    description: 'A pip/uv/conda install leaves its download cache in a layer of the final image.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    // Only stages the final image inherits from: a builder stage's cache never ships (trap T11).
    for (const stage of finalChain(model).reverse()) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        const commands = runCommands(instr);
        for (const install of pythonInstalls(instr)) {
          if (install.packages.length === 0 && !install.options.some((o) => ['-r', '--requirement', '-e', '--editable'].includes(o.name))) {
            continue;
          }
          const tool = install.tool;
          if (mountsCache(instr, tool)) {
            continue; // a cache mount keeps the cache out of the layer (MLD305 covers the conflict)
          }
          const inline = (name: string): boolean => install.command.assignments.some((a) => a.value.startsWith(`${name}=`) && !/=(?:0|false|no|off)?$/i.test(a.value));
          let ok: boolean;
          let flag: string;
          if (tool === 'pip') {
            flag = '--no-cache-dir';
            ok = hasOption(install, '--no-cache-dir') || envDisables(stage, instr, 'PIP_NO_CACHE_DIR') || inline('PIP_NO_CACHE_DIR');
          } else if (tool === 'uv') {
            flag = '--no-cache';
            ok = hasOption(install, '--no-cache', '-n') || envDisables(stage, instr, 'UV_NO_CACHE') || inline('UV_NO_CACHE');
          } else {
            flag = '';
            const at = commands.findIndex((c) => c.command === install.command);
            ok = commands.slice(at + 1).some(({ command }) => {
              const eff = effectiveCommand(command);
              return eff !== undefined && ['conda', 'mamba', 'micromamba'].includes(eff.name) && eff.args[0]?.value === 'clean' && eff.args.slice(1).some((a) => /^-[a-z]*a[a-z]*$/.test(a.value) || a.value === '--all');
            });
          }
          if (ok) {
            continue;
          }
          const sub = install.command.words.find((w) => w.value === 'install' || w.value === 'create');
          const anchor = { start: install.toolWord.range.start, end: (sub ?? install.toolWord).range.end };
          out.push(
            tool === 'conda'
              ? finding(anchor, `${install.toolWord.value} leaves its package cache in this layer; append && ${install.toolWord.value} clean -afy to the same RUN, or use a cache mount on /opt/conda/pkgs.`)
              : finding(
                  anchor,
                  `${tool === 'pip' ? 'pip' : 'uv'} keeps its download cache in this layer (often GBs for CUDA wheels); add ${flag}, or use RUN --mount=type=cache,target=/root/.cache/${tool}.`,
                  sub ? { title: `Add ${flag}`, edits: [{ range: { start: sub.range.end, end: sub.range.end }, newText: ` ${flag}` }] } : undefined,
                  tool === 'pip' ? 'DL3042' : undefined,
                ),
          );
        }
      }
    }
    return out;
  },
};
