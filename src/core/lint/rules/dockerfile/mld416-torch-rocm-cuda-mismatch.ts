import { configuredIndexes } from '../../dockerfile/configured-indexes';
import type { PythonInstall } from '../../dockerfile/installs';
import { hasOption, hasVersionSpecifier, osInstallIn, pythonInstalls, requirementName, requirementVersion, runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import { rocmWheelIndex, installsRocmPackages, runsAmdgpuInstallForRocm } from '../../dockerfile/rocm';
import { expandWith, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry, baseRef, effective } from '../../dockerfile/semantic';
import type { ShellCommand, ShellScript, ShellWord } from '../../dockerfile/shell';
import type { TorchWheelSource } from '../../dockerfile/torch-wheel-build';
import { torchWheelSource } from '../../dockerfile/torch-wheel-build';
import type { DockerfileRule } from '../../rule';
import type { Fix, RuleFinding } from '../../types';
import type { GpuStack } from './gpu-stack';
import { gpuStackOf } from './gpu-stack';
import { finding } from './helpers';
import { replacesInstalledTorch, uninstallsTorch } from './torch-replacement';

const torchFamily = new Set(['torch', 'torchvision', 'torchaudio']);

/** The torch in the stage so far: shipped by the base or installed by an earlier step, and its release when known. */
interface TorchState {
  present: boolean;
  version?: string;
}

/** The stage's GPU stack as the walk reaches each step: a plain base turns ROCm once a RUN installs ROCm. */
interface Walk {
  stack: GpuStack;
  torch: TorchState;
  /** A RUN of the chain installed ROCm on a plain base. */
  installedRocm: boolean;
}

/** The install runs only on some paths of its script: inside an `if` or `case`, or as the fallback of `||`. */
function conditional(script: ShellScript, command: ShellCommand): boolean {
  if (command.before === '||' || command.caseBranches) {
    return true;
  }
  let depth = 0;
  for (const c of script.commands) {
    for (const k of c.keywords ?? []) {
      depth += k === 'if' ? 1 : k === 'fi' ? -1 : 0;
    }
    if (c === command) {
      return depth > 0;
    }
  }
  return false;
}

/** The torch-family word the install is judged by: torch itself, else (on a stage without torch) torchvision or torchaudio, which pull it in. */
function judgedWord(install: PythonInstall, torch: TorchState): ShellWord | undefined {
  const own = install.packages.find((p) => requirementName(p.value) === 'torch');
  if (own || torch.present || hasOption(install, '--no-deps')) {
    return own;
  }
  return install.packages.find((p) => torchFamily.has(requirementName(p.value)));
}

/** With torch already in the stage, the install swaps it only when told to, or when its pin differs from the release there. */
function replacesPresentTorch(install: PythonInstall, word: ShellWord, torch: TorchState, otherBuildTag: RegExp): boolean {
  if (requirementName(word.value) !== 'torch' || hasOption(install, '-c', '--constraint')) {
    return false;
  }
  if (replacesInstalledTorch(install) || otherBuildTag.test(word.value.replace(/%2B/gi, '+'))) {
    return true;
  }
  const pinned = requirementVersion(word.value)?.replace(/\+.*$/, '');
  return pinned !== undefined && torch.version !== undefined && pinned !== torch.version && !pinned.startsWith(`${torch.version}.`);
}

function rocmFix(install: PythonInstall, source: TorchWheelSource, index: string | undefined): Fix | undefined {
  const words = install.packages;
  const onlyUnpinnedTorch = words.every((p) => torchFamily.has(requirementName(p.value)) && !hasVersionSpecifier(p.value) && !p.value.includes('+'));
  const last = words[words.length - 1];
  if (index === undefined || !onlyUnpinnedTorch || !last) {
    return undefined;
  }
  const title = 'Install torch from the PyTorch ROCm wheel index';
  if (source.cudaMainIndex) {
    return { title, edits: [{ range: source.cudaMainIndex.range, newText: index }] };
  }
  return source.defaultIndexOnly ? { title, edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ` --index-url ${index}` }] } : undefined;
}

function onRocm(install: PythonInstall, word: ShellWord, source: TorchWheelSource, walk: Walk): RuleFinding {
  const { stack } = walk;
  const name = requirementName(word.value);
  const cuTag = /\+(cu\d+)/.exec(word.value)?.[1] ?? (source.cudaMainIndex ? /\/(cu\d+)\/?$/.exec(source.cudaMainIndex.value)?.[1] : undefined);
  const from = source.wheelFile !== undefined ? `the wheel ${source.wheelFile} is` : word.value.includes('+cu') ? `${word.value} is` : source.cudaMainIndex ? `${name} from the ${cuTag} index is` : source.defaultIndexOnly ? `${name} from the default index (PyPI) is` : `${name} from these indexes is`;
  const lead = name === 'torch' ? `${from} a CUDA build` : `${from.replace(/ is$/, '')} pulls a CUDA build of torch`;
  const where = walk.installedRocm ? 'this stage installs ROCm' : `the base ${stack.image} is ROCm`;
  const harm = walk.torch.present ? "it replaces the stage's ROCm torch" : 'it pulls multi-GB nvidia-* wheels';
  const index = stack.rocmVersion === undefined ? undefined : rocmWheelIndex(stack.rocmVersion);
  const rocmOf = walk.installedRocm ? 'the ROCm version this stage installs' : "the base's ROCm version";
  const advice = source.wheelFile !== undefined ? `install a ROCm wheel instead (${index ? `${name} with --index-url ${index}` : `a +rocmX.Y wheel for ${rocmOf}`})` : index ? `install it with --index-url ${index}` : `install it from PyTorch's ROCm wheel index for ${rocmOf} (--index-url https://download.pytorch.org/whl/rocmX.Y)`;
  return finding(
    word.range,
    `${lead}, but ${where}: ${harm} and cannot use the AMD GPU (torch.version.hip is None); ${advice}.`,
    rocmFix(install, source, index),
  );
}

function onCuda(word: ShellWord, source: TorchWheelSource, stack: GpuStack): RuleFinding {
  const name = requirementName(word.value);
  const what = source.wheelFile !== undefined ? `the wheel ${source.wheelFile}` : word.value.includes('+rocm') ? word.value : `${name} from a PyTorch ROCm index`;
  return finding(
    word.range,
    `${what} is a ROCm build for AMD GPUs, but the base ${stack.image} is NVIDIA CUDA, where it cannot use the GPU (torch.version.cuda is None); install it from the PyTorch CUDA index that matches the base.`,
  );
}

/** Walks the steps of `stage`'s chain in order, judging the installs of the stage's own steps. */
function checkStage(model: DockerfileModel, stage: Stage, walk: Walk, out: RuleFinding[]): void {
  for (const s of ancestry(stage).reverse()) {
    const own = s === stage;
    for (const instr of s.instructions) {
      if (effective(instr) !== instr) {
        continue; // an ONBUILD trigger runs in images built from this one
      }
      const installs = pythonInstalls(instr);
      for (const { command, script } of runCommands(instr)) {
        stepOs(walk, instr, command);
        if (uninstallsTorch(command)) {
          walk.torch = { present: false };
        }
        const install = installs.find((i) => i.command === command);
        if (install && install.tool !== 'conda' && !hasOption(install, '--dry-run', '--platform', '--python-platform') && !conditional(script, command)) {
          stepInstall(model, stage, instr, install, walk, own ? out : undefined);
        }
      }
    }
  }
}

function stepOs(walk: Walk, instr: Instruction, command: ShellCommand): void {
  if (walk.stack.kind !== 'plain') {
    return;
  }
  const os = osInstallIn(instr, command);
  if ((os && installsRocmPackages(os)) || runsAmdgpuInstallForRocm(command)) {
    walk.stack = { ...walk.stack, kind: 'rocm' };
    walk.installedRocm = true;
  }
}

function stepInstall(model: DockerfileModel, stage: Stage, instr: Instruction, install: PythonInstall, walk: Walk, out: RuleFinding[] | undefined): void {
  const { stack, torch } = walk;
  const word = judgedWord(install, torch);
  if (!word) {
    return;
  }
  if (out && stack.kind !== 'plain') {
    const expand = (text: string): string | undefined => expandWith(model, text, valuesAt(model, stage, instr));
    const uvBackend = install.tool === 'uv' && valuesAt(model, stage, instr).has('UV_TORCH_BACKEND');
    const source = uvBackend ? undefined : torchWheelSource(install, word, expand, () => configuredIndexes(model, stage, instr, install));
    const wanted = stack.kind === 'rocm' ? 'cuda' : 'rocm';
    const swaps = !torch.present || replacesPresentTorch(install, word, torch, stack.kind === 'rocm' ? /\+cu\d/ : /\+rocm\d/);
    if (source?.build === wanted && swaps) {
      out.push(stack.kind === 'rocm' ? onRocm(install, word, source, walk) : onCuda(word, source, stack));
    }
  }
  if (requirementName(word.value) === 'torch') {
    const version = requirementVersion(word.value)?.replace(/\+.*$/, '');
    walk.torch = version === undefined ? { present: true } : { present: true, version };
  }
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD416',
    name: 'torch-rocm-cuda-mismatch',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A ROCm stage installs a CUDA build of torch (from PyPI or a CUDA index), or an NVIDIA CUDA stage installs a ROCm build.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      if (stage.nonPosixShell || !stage.instructions.some((i) => pythonInstalls(i).some((p) => p.packages.some((w) => torchFamily.has(requirementName(w.value)))))) {
        continue;
      }
      const base = baseRef(stage);
      const stack = base ? gpuStackOf(base.ref) : undefined;
      if (!stack) {
        continue;
      }
      const torch: TorchState = stack.torchVersion === undefined ? { present: stack.shipsTorch } : { present: true, version: stack.torchVersion };
      checkStage(model, stage, { stack, torch, installedRocm: false }, out);
    }
    return out;
  },
};
