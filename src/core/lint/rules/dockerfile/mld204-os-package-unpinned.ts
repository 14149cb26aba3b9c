import type { OsManager } from '../../dockerfile/installs';
import { osInstalls } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { ShellWord } from '../../dockerfile/shell';
import type { Stage } from '../../dockerfile/semantic';
import { baseRef } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { addedAptRepository } from './apt-repositories';
import { finding } from './helpers';
import { bySameLine } from './same-line';

const anchor: Record<OsManager, string> = { apt: 'DL3008', apk: 'DL3018', yum: 'DL3033', zypper: 'DL3037', dnf: 'DL3041' };

/** How many package names a message lists before "and N more". */
const listed = 4;

/**
 * An RPM edition at the end of the name, which dnf, yum and zypper resolve as an exact version:
 * `-[epoch:]version[-release]`, the version with a dot and the release starting with a digit
 * (`libcudnn9-cuda-13-9.16.0.29-1`, `libnccl-2.18.3-1+cuda12.2`). Versions in package names have no dot
 * (`cuda-cudart-12-4`, `gcc-toolset-12`), and a name part follows none (`java-1.8.0-openjdk`).
 */
const rpmEdition = /-(?:\d+:)?\d+(?:\.\d+)+[^-\s]*(?:-\d[^-\s]*)?$/;

function pinned(manager: OsManager, spec: string): boolean {
  if (spec.includes('$') || spec.endsWith('.deb') || spec.endsWith('.rpm') || spec.includes('/')) {
    return true;
  }
  if (manager === 'apt') {
    return /[=<>]/.test(spec);
  }
  if (manager === 'apk') {
    return /[=<>~]/.test(spec);
  }
  return rpmEdition.test(spec) || /[=<>]/.test(spec);
}

function names(unpinned: readonly ShellWord[]): string {
  const shown = unpinned.slice(0, listed).map((w) => w.value);
  const more = unpinned.length - shown.length;
  if (more > 0) {
    return `${shown.join(', ')} and ${more} more are`;
  }
  if (shown.length === 1) {
    return `${shown[0]} is`;
  }
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]} are`;
}

/** The stage's root image is pinned by digest (`FROM debian:12@sha256:…`). */
function digestPinned(stage: Stage): boolean {
  return baseRef(stage)?.ref.digest !== undefined;
}

/**
 * A package from an apt repository the build adds (label-studio: nginx from nginx.org's) changes when that repository
 * does, whatever the base image: a digest pin does not freeze it, a version pin does. Packages the distribution
 * provides keep the usual advice, where the list may hold some.
 */
function repositoryMessage(unpinned: readonly ShellWord[], repository: Instruction, instr: Instruction): string {
  const where = repository === instr ? 'this RUN adds' : `added on line ${repository.startLine}`;
  // Which of several packages the repository provides is unknown: name none of them in the example.
  const pin = unpinned.length === 1 ? (unpinned[0] as ShellWord).value : '<package>';
  const distro = unpinned.length > 1 || repository !== instr ? "; leave the distribution's own packages to a base image pinned by digest (distro archives drop old versions)" : '';
  return `${names(unpinned)} not version-pinned and may come from the apt repository ${where}, which pinning the base image by digest does not freeze; pin what it provides (${pin}=<version>)${distro}.`;
}

function message(unpinned: readonly ShellWord[], stage: Stage, instr: Instruction, manager: OsManager): string {
  const repository = manager === 'apt' ? addedAptRepository(stage, instr, (unpinned[0] as ShellWord).range.start) : undefined;
  if (repository !== undefined) {
    return repositoryMessage(unpinned, repository, instr);
  }
  const what = names(unpinned);
  if (digestPinned(stage)) {
    return `${what} not version-pinned, so even on this digest-pinned base image the install takes whatever the archive holds on build day; if rebuilds must match, install from a dated snapshot of the distro archive, or pin versions (distro archives drop old ones).`;
  }
  return `${what} not version-pinned; distro archives drop old versions, so rather than pinning packages, pin the base image by digest to make rebuilds reproducible.`;
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
      const hits: { manager: OsManager; unpinned: ShellWord[]; instr: Instruction }[] = [];
      for (const instr of stage.instructions) {
        for (const install of osInstalls(instr)) {
          const unpinned = install.packages.filter((w) => !pinned(install.manager, w.value));
          if (unpinned.length > 0) {
            hits.push({ manager: install.manager, unpinned, instr });
          }
        }
      }
      // One finding per line and package manager, at its first unpinned package: the advice is the same for every package.
      for (const group of bySameLine(hits, (h) => (h.unpinned[0] as ShellWord).range, (h) => h.manager)) {
        // A loop, not flatMap: V8's flatMap is slow, and this runs for every install line.
        const unpinned: ShellWord[] = [];
        for (const h of group) {
          for (const w of h.unpinned) {
            unpinned.push(w);
          }
        }
        const { manager, instr } = group[0] as (typeof group)[number];
        out.push(finding((unpinned[0] as ShellWord).range, message(unpinned, stage, instr, manager), undefined, anchor[manager]));
      }
    }
    return out;
  },
};
