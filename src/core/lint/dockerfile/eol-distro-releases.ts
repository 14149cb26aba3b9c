import type { ImageRef } from './image-ref';

/** A distribution release whose packages have left the mirrors the official images' apt sources name. */
export interface EolRelease {
  distro: 'Ubuntu' | 'Debian';
  version: string;
  codename: string;
  /** Month of end of life, `YYYY-MM`. */
  eol: string;
  /** Where its packages went: the apt sources to point at instead; none while the archive lacks the release. */
  archive?: string;
}

/**
 * The date the tables below were last checked. A release counts once its end of life is on or before it, so the
 * linter's answers do not change with the day it runs (as MLD403's CUDA table); update both with each release.
 */
export const eolTableDate = '2026-12';

/**
 * Ubuntu interim (non-LTS) releases: nine months of support, then archive.ubuntu.com drops them for
 * old-releases.ubuntu.com. LTS releases stay on the main archive through ESM and are not listed.
 */
const ubuntuInterim: readonly EolRelease[] = (
  [
    ['14.10', 'utopic', '2015-07'],
    ['15.04', 'vivid', '2016-02'],
    ['15.10', 'wily', '2016-07'],
    ['16.10', 'yakkety', '2017-07'],
    ['17.04', 'zesty', '2018-01'],
    ['17.10', 'artful', '2018-07'],
    ['18.10', 'cosmic', '2019-07'],
    ['19.04', 'disco', '2020-01'],
    ['19.10', 'eoan', '2020-07'],
    ['20.10', 'groovy', '2021-07'],
    ['21.04', 'hirsute', '2022-01'],
    ['21.10', 'impish', '2022-07'],
    ['22.10', 'kinetic', '2023-07'],
    ['23.04', 'lunar', '2024-01'],
    ['23.10', 'mantic', '2024-07'],
    ['24.10', 'oracular', '2025-07'],
    ['25.04', 'plucky', '2026-01'],
    ['25.10', 'questing', '2026-07'],
  ] as const
).map(([version, codename, eol]) => ({ distro: 'Ubuntu', version, codename, eol, archive: 'old-releases.ubuntu.com' }));

/**
 * Debian releases past their LTS: deb.debian.org no longer serves them (buster since July 2025), and bullseye's
 * security suite stopped being re-signed after its LTS ended in August 2026, so its Release file has expired.
 */
const debian: readonly EolRelease[] = [
  { distro: 'Debian', version: '6', codename: 'squeeze', eol: '2016-02', archive: 'archive.debian.org' },
  { distro: 'Debian', version: '7', codename: 'wheezy', eol: '2018-05', archive: 'archive.debian.org' },
  { distro: 'Debian', version: '8', codename: 'jessie', eol: '2020-06', archive: 'archive.debian.org' },
  { distro: 'Debian', version: '9', codename: 'stretch', eol: '2022-06', archive: 'archive.debian.org' },
  { distro: 'Debian', version: '10', codename: 'buster', eol: '2024-06', archive: 'archive.debian.org' },
  { distro: 'Debian', version: '11', codename: 'bullseye', eol: '2026-08' },
];

const ended = (r: EolRelease): boolean => r.eol <= eolTableDate;

/** The tag's dash-separated words (`3.8-slim-buster` → 3.8, slim, buster). */
const tagWords = (tag: string): string[] => tag.toLowerCase().split('-');

/** The release an official ubuntu tag names: `23.04`, `lunar`, `lunar-20240125`. */
function ubuntuRelease(tag: string): EolRelease | undefined {
  const first = tagWords(tag)[0];
  return ubuntuInterim.find((r) => r.codename === first || r.version === first);
}

/** The release an official debian tag names: `buster`, `buster-slim`, `10`, `10.13-slim`. */
function debianRelease(tag: string): EolRelease | undefined {
  const first = tagWords(tag)[0];
  return debian.find((r) => r.codename === first || r.version === first || first?.startsWith(`${r.version}.`));
}

/**
 * The end-of-life release an official image's tag names, judged by its tag (a digest beside it changes nothing):
 * `ubuntu` by version or codename, `debian` by version or codename, and any other official image built on Debian
 * by the codename among its tag's words (`python:3.8-slim-buster`, `node:14-buster`).
 */
export function eolDistroRelease(ref: ImageRef): EolRelease | undefined {
  if (ref.domain !== 'docker.io' || !ref.path.startsWith('library/') || ref.tag === undefined) {
    return undefined;
  }
  let release: EolRelease | undefined;
  if (ref.path === 'library/ubuntu') {
    release = ubuntuRelease(ref.tag);
  } else if (ref.path === 'library/debian') {
    release = debianRelease(ref.tag);
  } else {
    const words = tagWords(ref.tag);
    release = debian.find((r) => words.includes(r.codename));
  }
  return release && ended(release) ? release : undefined;
}
