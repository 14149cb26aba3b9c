import type { EolRelease } from '../../dockerfile/eol-distro-releases';
import { eolDistroRelease } from '../../dockerfile/eol-distro-releases';
import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel, Stage } from '../../dockerfile/semantic';
import { ancestry, chainInstructions } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';
import type { RunCommand } from './posix-runs';
import { posixRunCommands } from './posix-runs';

/**
 * Signs that the file already points apt elsewhere (old-releases, archive.debian.org, a snapshot or mirror written to
 * sources.list) or accepts an expired Release file: then nothing here says the build fails.
 */
const sourcesChangedRe = /old-releases\.ubuntu\.com|archive\.debian\.org|snapshot\.debian\.org|sources\.list|\/etc\/apt\/sources|\b(?:ubuntu|debian)\.sources\b|Check-Valid-Until/i;

function changesSources(instr: Instruction): boolean {
  return sourcesChangedRe.test(instr.args.text) || instr.heredocs.some((h) => sourcesChangedRe.test(h.body.text)) || (/^(?:COPY|ADD)$/.test(instr.keyword) && instr.args.text.includes('/etc/apt'));
}

/**
 * `apt-get update` (or `apt update`): it fetches the release's index from the mirrors. An install without it fails on
 * any official image, whose lists are removed, so only the update shows the release is the cause.
 */
function updatesApt(c: RunCommand): boolean {
  return (c.name === 'apt-get' || c.name === 'apt') && c.instr.trigger === undefined && c.args.some((a) => a.value === 'update');
}

/** The first apt update of the stages built on `root` whose sources nothing before it has changed. */
function firstFailingApt(model: DockerfileModel, root: Stage): RunCommand | undefined {
  const built = model.stages.filter((s) => ancestry(s).includes(root));
  return posixRunCommands(model, built).find((c) => {
    if (!updatesApt(c)) {
      return false;
    }
    const chain = chainInstructions(c.stage);
    return !chain.slice(0, chain.indexOf(c.instr) + 1).some(changesSources);
  });
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const month = (yyyyMm: string): string => `${months[Number(yyyyMm.slice(5)) - 1] ?? ''} ${yyyyMm.slice(0, 4)}`;

function message(release: EolRelease, c: RunCommand): string {
  const name = `${release.distro} ${release.version} (${release.codename})`;
  const command = `${c.name} update on line ${c.nameWord.range.start.line}`;
  if (release.distro === 'Ubuntu') {
    return `${name} reached end of life in ${month(release.eol)} and its packages moved to ${release.archive}, so the ${command} fails ("does not have a Release file"); use an LTS tag (ubuntu:24.04), or point the apt sources at ${release.archive} before it.`;
  }
  if (release.archive === undefined) {
    return `${name} reached end of life in ${month(release.eol)}: its security suite's Release file has expired and its packages are leaving deb.debian.org, so the ${command} fails ("Release file … is expired"); move to a supported release (trixie or bookworm).`;
  }
  return `${name} is end-of-life and its packages moved to ${release.archive}, so the ${command} fails ("does not have a Release file"); move to a supported release (trixie or bookworm), or point the apt sources at ${release.archive} before it.`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD211',
    name: 'base-image-eol-release',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description:
      'The base is an official ubuntu or Debian-based image of an end-of-life release (an Ubuntu interim release, Debian bullseye or older) whose packages have left the mirrors, and the build runs apt-get update, which then fails.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      const release = stage.ref && stage.imageWord ? eolDistroRelease(stage.ref) : undefined;
      const apt = release && firstFailingApt(model, stage);
      if (release && apt && stage.imageWord) {
        out.push(finding(stage.imageWord.range, message(release, apt)));
      }
    }
    return out;
  },
};
