import { pythonInstalls } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';
import { scriptShells } from '../../dockerfile/exec-form';
import { basename, programIndex } from '../../dockerfile/shell';

const argsOf = (instr: Instruction): string[] => (instr.json ? instr.json.map((j) => j.value) : instr.words.map((w) => w.value));

/** The script a start command runs: its program past wrappers (`tini --`, `gosu app`), or the file a shell is given (`bash /init.sh`). */
function startedFile(words: readonly string[]): string | undefined {
  const k = programIndex(words.length, (i) => words[i] as string);
  const program = words[k];
  if (program === undefined || !scriptShells.has(basename(program))) {
    return program;
  }
  const script = words[k + 1];
  return script !== undefined && !script.startsWith('-') ? script : undefined;
}

/** What the container starts with: the ENTRYPOINT's file, or the CMD's when there is no ENTRYPOINT or it is an init alone (`["tini", "--"]`). */
function startFile(instructions: readonly Instruction[]): string | undefined {
  const last = (keyword: string): Instruction | undefined => [...instructions].reverse().find((i) => i.keyword === keyword);
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  return (entrypoint && startedFile(argsOf(entrypoint))) ?? (cmd && startedFile(argsOf(cmd)));
}

/** A COPY/ADD from the build context puts `file` there: as its destination, or as a source's name in a destination directory. */
function copiedFromContext(instr: Instruction, file: string): boolean {
  if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flags.some((f) => f.name === 'from')) {
    return false;
  }
  const args = argsOf(instr);
  const dest = args[args.length - 1];
  const sources = args.slice(0, -1);
  if (dest === undefined || sources.length === 0) {
    return false;
  }
  const name = basename(file);
  const intoDirectory = dest.endsWith('/') || sources.length > 1;
  return intoDirectory ? sources.some((s) => basename(s) === name) : dest === file || basename(dest) === name;
}

/**
 * The final image is a provisioner: it installs no Python packages and copies in nothing built in another stage, and
 * starts with a script from the build context (mmartial/ComfyUI-Nvidia-Docker's init.bash), which installs the
 * software when the container starts and may compile CUDA code then, with the devel image's nvcc.
 */
export function provisionsAtStart(model: DockerfileModel): boolean {
  const instructions = model.finalStage ? chainInstructions(model.finalStage) : [];
  if (instructions.some((i) => (i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from')) || pythonInstalls(i).length > 0)) {
    return false;
  }
  const file = startFile(instructions);
  return file !== undefined && instructions.some((i) => copiedFromContext(i, file));
}
