import type { PythonInstall } from '../../dockerfile/installs';
import { requirementName } from '../../dockerfile/installs';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import type { ShellCommand, ShellWord } from '../../dockerfile/shell';
import type { Range, RuleFinding } from '../../types';
import { mayReachFinalImage } from '../cross/copied-out-of-stage';
import type { ImageFramework } from './framework-images';
import { finding } from './helpers';
import type { Venv } from './venv-installs';
import { venvInstalls } from './venv-installs';

interface Route {
  /** The framework package named, or undefined for a requirements file. */
  named?: ShellWord;
  range: Range;
}

/** What an install into a venv brings in: a package of the framework, or a requirements file (`-r FILE`) that may list it. */
function frameworkRoute(install: PythonInstall, framework: ImageFramework): Route | undefined {
  const named = install.packages.find((p) => framework.packages.has(requirementName(p.value)));
  if (named) {
    return { named, range: named.range };
  }
  const file = install.options.find((o) => o.name === '-r' || o.name === '--requirement');
  return file && { range: { start: file.word.range.start, end: (file.value ?? file.word).range.end } };
}

function message(venv: Venv, install: PythonInstall, route: Route, framework: ImageFramework, image: string): string {
  const fw = framework.name;
  const hidden = framework.nvidia ? `NVIDIA's tuned ${fw} build in ${image}` : `the ${fw} that ${image} ships`;
  const made = `The venv ${venv.shown} (made on line ${venv.line} without --system-site-packages) cannot see ${hidden}`;
  const keep = "create the venv with --system-site-packages, or install into the base image's Python without a venv";
  const size = fw === 'torch' ? ' of several GB' : '';
  if (!route.named) {
    const tool = install.tool === 'uv' ? 'uv' : 'pip';
    return `${made}: if these requirements list ${fw} or a package that needs it, ${tool} installs a second, generic ${fw}${size} into the venv; if not, import ${fw} fails there. To use the image's ${fw}, ${keep}.`;
  }
  const instead = framework.nvidia ? ", a different build from NVIDIA's" : '';
  const apart = `if the venv must stay apart from the image's packages, start from a plain CUDA image instead (so the image holds one ${fw}) and pin a ${fw} wheel built for its CUDA`;
  return `${made}, so installing ${route.named.value} puts a second, generic ${fw}${size} into it${instead}; to use the image's ${fw}, drop ${requirementName(route.named.value)} from this install and ${keep}; ${apart}.`;
}

/**
 * Installs into a venv made without `--system-site-packages` on a framework image (coqui-ai/TTS: `python3 -m venv` on
 * NVIDIA's PyTorch image, its bin first on PATH, then `pip install -r …`): the venv hides the image's framework, so the
 * install adds a second one, or the app finds none. One finding per venv, at its first install that names the
 * framework or a requirements file, when the venv can reach the final image; `intoVenvs` holds every install into such a venv.
 */
export function hiddenFramework(model: DockerfileModel, stage: Stage, framework: ImageFramework, image: string): { findings: RuleFinding[]; intoVenvs: Set<ShellCommand> } {
  const findings: RuleFinding[] = [];
  const intoVenvs = new Set<ShellCommand>();
  const reported = new Set<Venv>();
  for (const { install, instr, venv } of venvInstalls(model, stage)) {
    if (venv.systemSitePackages) {
      continue;
    }
    intoVenvs.add(install.command);
    const route = reported.has(venv) ? undefined : frameworkRoute(install, framework);
    if (!route) {
      continue;
    }
    reported.add(venv);
    if (stage.instructions.includes(instr) && mayReachFinalImage(model, stage, [venv.dir])) {
      findings.push(finding(route.range, message(venv, install, route, framework, image)));
    }
  }
  return { findings, intoVenvs };
}
