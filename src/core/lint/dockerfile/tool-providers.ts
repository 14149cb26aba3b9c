import { osInstall, runCommands } from './installs';
import type { Instruction } from './model';
import type { Stage } from './semantic';
import { baseRef, chainInstructions } from './semantic';
import type { ShellCommand } from './shell';
import { effectiveCommand } from './shell';
import type { HttpTool, ToolLessImage } from './tool-less-images';
import { lacksTool, toolLessImage } from './tool-less-images';

/** The image a stage builds lacks the tool: its external base (as resolved) is a ToolLessImage, and nothing added it. */
export interface BuiltWithoutTool {
  image: ToolLessImage;
  base: string;
}

/** Shells, which run a script file given as their first argument (`source` and `.` only read settings, such as a venv's). */
const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const installers = new Set(['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'conda', 'mamba', 'micromamba']);

/**
 * A command whose effect the Dockerfile does not show: a script file it runs (`./setup.sh`, `bash install.sh`), a
 * package list it reads (`xargs apt-get install`, `apt-get install $(cat packages.txt)`, `apk add $PKGS`).
 */
function runsUnseen(command: ShellCommand): boolean {
  const eff = effectiveCommand(command);
  if (!eff) {
    return false;
  }
  const program = eff.nameWord.value;
  if (/\.(?:sh|bash)$/.test(program) || /^\.\.?\//.test(program)) {
    return true;
  }
  const args = eff.args.map((w) => w.value);
  if (shells.has(eff.name)) {
    return args[0] !== undefined && !args[0].startsWith('-');
  }
  if (eff.name === 'xargs') {
    return args.some((a) => installers.has(a));
  }
  const installs = osInstall(command) !== undefined || ((eff.name === 'conda' || eff.name.endsWith('mamba')) && args.includes('install'));
  return installs && eff.args.some((w) => /[$`]/.test(w.raw));
}

const environmentRe = /^(?:\.?(?:mini|ana)?conda\d*|(?:micro)?mamba|miniforge\d*|mambaforge|\.?pixi|nix)$/i;

/** `/`, `/usr`, `/usr/local`, a bin folder, or a conda-style environment: a copy there may bring any program. */
function broadPath(path: string): boolean {
  const clean = path.replace(/\/+$/, '');
  const segments = clean.split('/');
  return clean === '' || clean === '/usr' || clean === '/usr/local' || segments.some((s) => s === 'bin' || s === 'sbin' || environmentRe.test(s));
}

/** A COPY or ADD that may bring a program in: from or to a broad path (broadPath). */
function broadCopy(instr: Instruction): boolean {
  const paths = instr.json ? instr.json.map((j) => j.value) : instr.words.map((w) => w.value);
  return paths.some(broadPath);
}

function mentions(instr: Instruction, tool: HttpTool): boolean {
  const word = new RegExp(`\\b${tool}\\b`);
  return word.test(instr.args.text) || instr.heredocs.some((h) => word.test(h.body.text));
}

/** An instruction of the chain may put the tool in the image (see stageWithoutTool). */
function mayProvide(instr: Instruction, tool: HttpTool): boolean {
  if (instr.keyword === 'HEALTHCHECK' || instr.keyword === 'ONBUILD') {
    return false;
  }
  if (mentions(instr, tool)) {
    return true;
  }
  if (instr.keyword === 'RUN') {
    return runCommands(instr).some(({ command }) => runsUnseen(command));
  }
  return (instr.keyword === 'COPY' || instr.keyword === 'ADD') && broadCopy(instr);
}

/**
 * The image the stage builds has no `tool`: its external base lacks it (toolLessImage), and no instruction of the
 * stage or its in-file ancestors may add it. Conservative: any mention of the tool outside HEALTHCHECK (a package, an
 * ARG, a copied binary) counts as adding it, as do scripts and package lists the Dockerfile does not show, and copies
 * from or into bin folders, `/`, `/usr` or a conda environment.
 */
export function stageWithoutTool(stage: Stage, tool: HttpTool): BuiltWithoutTool | undefined {
  const base = baseRef(stage);
  const image = base ? toolLessImage(base.ref) : undefined;
  if (!base || !image || !lacksTool(image, tool) || base.stage.image === undefined) {
    return undefined;
  }
  return chainInstructions(stage).some((i) => mayProvide(i, tool)) ? undefined : { image, base: base.stage.image };
}
