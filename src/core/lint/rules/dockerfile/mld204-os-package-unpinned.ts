import type { OsManager } from '../../dockerfile/installs';
import { osInstalls } from '../../dockerfile/installs';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const anchor: Record<OsManager, string> = { apt: 'DL3008', apk: 'DL3018', yum: 'DL3033', zypper: 'DL3037', dnf: 'DL3041' };

function pinned(manager: OsManager, spec: string): boolean {
  if (spec.includes('$') || spec.endsWith('.deb') || spec.endsWith('.rpm') || spec.includes('/')) {
    return true;
  }
  if (manager === 'apt' || manager === 'zypper') {
    return /[=<>]/.test(spec);
  }
  if (manager === 'apk') {
    return /[=<>~]/.test(spec);
  }
  return /-\d/.test(spec) || /[=<>]/.test(spec);
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD204',
    name: 'os-package-unpinned',
    family: 'reproducibility',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3008', 'DL3018', 'DL3033', 'DL3037', 'DL3041'] },
    description: 'An OS package install names a package without a version.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    if (model.nonPosixShell) {
      return out;
    }
    for (const stage of model.stages) {
      if (stage.nonPosixShell) {
        continue;
      }
      for (const instr of stage.instructions) {
        for (const install of osInstalls(instr)) {
          for (const pkg of install.packages) {
            if (!pinned(install.manager, pkg.value)) {
              out.push(
                finding(
                  pkg.range,
                  `${pkg.value} is not version-pinned; distro archives drop old versions, so rather than pinning packages, pin the base image by digest to make rebuilds reproducible.`,
                  undefined,
                  anchor[install.manager],
                ),
              );
            }
          }
        }
      }
    }
    return out;
  },
};
