import { torchWord } from '../../dockerfile/cuda';
import type { ImageRef } from '../../dockerfile/image-ref';
import { isNgcPytorch, isPytorchImage } from '../../dockerfile/image-ref';
import type { PythonInstall } from '../../dockerfile/installs';
import { hasOption, hasVersionSpecifier, pythonInstalls, requirementName, requirementVersion, runCommands } from '../../dockerfile/installs';
import type { ShellWord } from '../../dockerfile/shell';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { imageFramework } from './framework-images';
import { finding } from './helpers';
import { hiddenFramework } from './hidden-framework';
import { constrained } from './mld203-python-package-unpinned';
import { replacesInstalledTorch, uninstallsTorch } from './torch-replacement';

/** Packages whose every release requires one exact torch release (`vllm==0.5.2` needs `torch==2.3.1`). */
const exactTorchPinners = new Set(['vllm', 'xformers']);

/** A package of the install that pulls in its own exact torch: vllm, xformers, or sglang's `[srt]`/`[all]` runtime. */
function torchPinningPackage(install: PythonInstall): ShellWord | undefined {
  return install.packages.find((p) => {
    const name = requirementName(p.value);
    return exactTorchPinners.has(name) || (name === 'sglang' && /\[[^\]]*\b(?:srt|all)\b/.test(p.value));
  });
}

/**
 * The install may swap the NGC image's torch: uv ignores pip's constraints file, and NGC PyTorch images before 25.03
 * ship none (from 25.03 /etc/pip/constraint.txt pins torch, so pip fails to resolve instead of replacing it).
 */
function mayReplaceNgcTorch(install: PythonInstall, ref: ImageRef): boolean {
  if (install.tool === 'uv') {
    return true;
  }
  const release = /^(\d{2})\.(\d{2})/.exec(ref.tag ?? '');
  return release !== null && Number(release[1]) * 100 + Number(release[2]) < 2503;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD406',
    name: 'framework-reinstalled-over-framework-image',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A RUN installs torch over a framework image that already ships a tuned torch build, or installs the framework into a venv that cannot see the image\'s.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      const base = baseRef(stage);
      if (!base || stage.nonPosixShell) {
        continue;
      }
      const framework = imageFramework(base.ref);
      if (!framework) {
        continue;
      }
      const image = `${base.ref.domain === 'docker.io' ? '' : `${base.ref.domain}/`}${base.ref.path}:${base.ref.tag ?? 'latest'}`;
      const { findings, intoVenvs } = hiddenFramework(model, stage, framework, image);
      out.push(...findings);
      const ngc = isNgcPytorch(base.ref);
      if (!ngc && !isPytorchImage(base.ref)) {
        continue;
      }
      const baseTorch = ngc ? undefined : /^(\d+\.\d+(?:\.\d+)?)/.exec(base.ref.tag ?? '')?.[1];
      // Once the base's torch has been uninstalled on purpose (volcengine/verl's NGC images), a new one replaces nothing silently.
      let uninstalled = false;
      for (const instr of stage.instructions) {
        const commands = runCommands(instr);
        for (const install of pythonInstalls(instr)) {
          const at = commands.findIndex((c) => c.command === install.command);
          uninstalled ||= commands.slice(0, Math.max(at, 0)).some((c) => uninstallsTorch(c.command));
          const torch = torchWord(install);
          if (uninstalled || intoVenvs.has(install.command) || install.tool === 'conda' || hasOption(install, '--no-deps', '-c', '--constraint')) {
            continue;
          }
          if (!torch) {
            const pinner = ngc ? torchPinningPackage(install) : undefined;
            if (pinner && mayReplaceNgcTorch(install, base.ref) && !constrained(install, model, stage, instr)) {
              const name = requirementName(pinner.value);
              out.push(
                finding(
                  pinner.range,
                  `${name} requires one exact torch release, so installing it replaces the tuned torch build NVIDIA ships in ${image} with a stock wheel; start from an image made for ${name}, or build ${name} from source against the base's torch.`,
                ),
              );
            }
            continue;
          }
          const pinned = requirementVersion(torch.value)?.replace(/\+.*$/, '');
          if (!hasVersionSpecifier(torch.value) && !replacesInstalledTorch(install)) {
            continue; // a bare torch is already satisfied by the base's: "Requirement already satisfied"
          }
          if (pinned === undefined && hasVersionSpecifier(torch.value) && !ngc) {
            continue; // a range the base may satisfy: pip keeps the installed build
          }
          if (pinned !== undefined && !ngc && (baseTorch === undefined || pinned === baseTorch || pinned.startsWith(`${baseTorch}.`))) {
            continue;
          }
          const what = pinned === undefined ? 'an unpinned torch' : `torch ${pinned}`;
          const ships = ngc ? "NVIDIA's own torch build" : `torch ${baseTorch ?? '(its own build)'}`;
          out.push(
            finding(
              torch.range,
              `The base image ${image} already ships ${ships}; installing ${what} replaces its tuned build. Remove torch from this install, or pin it to the base's version.`,
            ),
          );
        }
        uninstalled ||= commands.some((c) => uninstallsTorch(c.command));
      }
    }
    return out;
  },
};
