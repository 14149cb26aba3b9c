import { osInstalls, runCommands } from '../../dockerfile/installs';
import { keyValues } from '../../dockerfile/kv';
import type { Instruction } from '../../dockerfile/model';
import { isPlainOsImage } from '../../dockerfile/cuda';
import type { ImageRef } from '../../dockerfile/image-ref';
import { isNvidiaCuda } from '../../dockerfile/image-ref';
import { expandWith, rootImage, valuesAt } from '../../dockerfile/scope-values';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

/**
 * CUDA's forward-compatibility folder, once variables are expanded: `/usr/local/cuda-12.3/compat`, where cuda-compat
 * puts libcuda.so, or NGC's `compat/lib.real`. NGC's `compat/lib` is left alone: their entrypoint points that link at
 * lib.real only when the driver needs it.
 */
const compatDirRe = /^\/usr\/local\/cuda(?:-\d+(?:\.\d+)*)?\/compat(?:\/lib\.real)?\/?$/;
/** The folder as written when a variable in it is unknown: a version (`cuda-${CUDA_VERSION}`) or the toolkit's home (`$CUDA_HOME`). */
const writtenCompatRe = /^(?:\/usr\/local\/cuda[^/:]*|\$\{?CUDA_(?:HOME|PATH|ROOT)\}?)\/compat(?:\/lib\.real)?\/?$/;
const inheritedRe = /\$\{?LD_LIBRARY_PATH\b/;
/** NVIDIA's apt package of the compat libraries (`cuda-compat-12-4`). */
const cudaCompatRe = /^cuda-compat(?:-\d+-\d+)?(?:=|$)/;

/** Where the final image puts the compat folder on the loader's path, and how. */
interface CompatPath {
  range: Range;
  /** Through ENV LD_LIBRARY_PATH (else a RUN wrote it into /etc/ld.so.conf.d). */
  env: boolean;
  dir: string;
}

function compatEntry(model: DockerfileModel, stage: Stage, instr: Instruction, value: string): string | undefined {
  const values = valuesAt(model, stage, instr);
  for (const entry of value.split(':')) {
    const expanded = expandWith(model, entry, values);
    if (expanded !== undefined ? compatDirRe.test(expanded) : writtenCompatRe.test(entry)) {
      return expanded ?? entry;
    }
  }
  return undefined;
}

/** The ENV LD_LIBRARY_PATH in force at the end of the stage's chain that still holds the compat folder. */
function envCompat(model: DockerfileModel, stage: Stage): CompatPath | undefined {
  let found: CompatPath | undefined;
  for (const instr of chainInstructions(stage)) {
    if (instr.keyword !== 'ENV' || effective(instr) !== instr) {
      continue;
    }
    for (const kv of keyValues(instr)) {
      if (kv.key !== 'LD_LIBRARY_PATH') {
        continue;
      }
      const value = kv.value ?? '';
      const dir = compatEntry(model, stage, instr, value);
      if (dir !== undefined) {
        found = { range: kv.word.range, env: true, dir };
      } else if (!inheritedRe.test(value)) {
        found = undefined;
      }
    }
  }
  return found;
}

/** A RUN that writes the compat folder into the loader's configuration (`echo /usr/local/cuda/compat > /etc/ld.so.conf.d/…`). */
function ldConfigCompat(stage: Stage): CompatPath | undefined {
  for (const instr of chainInstructions(stage)) {
    const run = effective(instr);
    if (run !== instr || run.keyword !== 'RUN' || !run.args.text.includes('ld.so.conf')) {
      continue;
    }
    for (const { command } of runCommands(run)) {
      const word = command.words.find((w) => compatDirRe.test(w.value) || writtenCompatRe.test(w.value));
      if (word && /\/etc\/ld\.so\.conf(?:\.d\/|\s|$)/.test(run.args.text)) {
        return { range: word.range, env: false, dir: word.value };
      }
    }
  }
  return undefined;
}

/** An NGC image (not nvidia/cuda): its compat folder holds only `lib` and `lib.real`, and the entrypoint manages `lib`. */
function ngcImage(ref: ImageRef): boolean {
  return ref.domain === 'nvcr.io' && ref.path.startsWith('nvidia/') && !isNvidiaCuda(ref);
}

/**
 * The folder holds a libcuda.so: a CUDA base ships it (on NGC images, in lib.real only), a plain OS image only once
 * cuda-compat is installed.
 */
function holdsLibcuda(model: DockerfileModel, stage: Stage, dir: string): boolean {
  const ref = rootImage(model, stage);
  if (ref && ngcImage(ref)) {
    return /lib\.real\/?$/.test(dir);
  }
  if (!ref || !isPlainOsImage(ref)) {
    return true;
  }
  return chainInstructions(stage).some((i) => osInstalls(i).some((o) => o.packages.some((p) => cudaCompatRe.test(p.value))));
}

function message(at: CompatPath): string {
  const lead = at.env
    ? `ENV LD_LIBRARY_PATH puts CUDA's forward-compatibility folder ${at.dir} on the final image's library path`
    : `This RUN adds CUDA's forward-compatibility folder ${at.dir} to the final image's loader configuration (/etc/ld.so.conf.d)`;
  const harm =
    'so its libcuda.so loads instead of the one the NVIDIA runtime mounts from the host driver: CUDA then fails to initialise on GeForce GPUs (error 804, "forward compatibility was attempted on non supported HW") and on hosts whose driver is newer than the compat libraries (error 803, "system has unsupported display driver / cuda driver combination"), and frameworks fall back to the CPU or exit';
  return `${lead}, ${harm}. Remove it: forward compatibility is only for datacenter GPUs on an older driver, and NGC images turn it on from their entrypoint after checking the driver.`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD418',
    name: 'cuda-compat-on-library-path',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description:
      "The final image puts CUDA's forward-compatibility libraries (/usr/local/cuda/compat) on the loader's path, so they replace the host driver's libcuda and CUDA fails to start on GeForce GPUs or newer drivers.",
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const stage = model.finalStage;
    if (!stage) {
      return out;
    }
    for (const at of [envCompat(model, stage), stage.nonPosixShell || model.nonPosixShell ? undefined : ldConfigCompat(stage)]) {
      if (at && holdsLibcuda(model, stage, at.dir)) {
        out.push(finding(at.range, message(at)));
      }
    }
    return out;
  },
};
