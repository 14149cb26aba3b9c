import type { ImageRef } from '../../dockerfile/image-ref';
import { isNvidiaCuda } from '../../dockerfile/image-ref';

/** A base whose apt-installed python3 carries the EXTERNALLY-MANAGED marker (PEP 668). */
export interface ExternallyManagedBase {
  /** The distribution release, for the message (`Ubuntu 24.04`, `Debian 12`, `Ubuntu 24.04 or later` for ubuntu:latest). */
  release: string;
  /** The release's python3 (`3.12`), when the tag names one release. */
  python?: string;
}

/** Ubuntu releases from 23.04 on, whose python3 package ships the marker, with their default Python. */
const ubuntuReleases = new Map([
  ['23.04', { codename: 'lunar', python: '3.11' }],
  ['23.10', { codename: 'mantic', python: '3.11' }],
  ['24.04', { codename: 'noble', python: '3.12' }],
  ['24.10', { codename: 'oracular', python: '3.12' }],
  ['25.04', { codename: 'plucky', python: '3.13' }],
  ['25.10', { codename: 'questing', python: '3.13' }],
]);

/** Debian releases from 12 (bookworm) on. */
const debianReleases = new Map([
  ['12', { codename: 'bookworm', python: '3.11' }],
  ['13', { codename: 'trixie', python: '3.13' }],
  ['14', { codename: 'forky', python: undefined }],
]);

/** Tags that follow a channel which has moved past the last release without the marker (`ubuntu:latest` is 24.04 since 2024). */
const ubuntuChannels = new Set(['latest', 'rolling', 'devel']);
const debianChannels = new Set(['latest', 'stable', 'oldstable', 'testing', 'unstable', 'sid', 'experimental']);

/** Official images that bring their own Python in /usr/local, first on PATH, with no marker. */
const ownPythonImages = new Set(['library/python', 'library/pypy', 'library/hylang']);

function managed(release: string, python: string | undefined): ExternallyManagedBase {
  return python === undefined ? { release } : { release, python };
}

function byVersionOrCodename<T extends { codename: string }>(releases: ReadonlyMap<string, T>, word: string): [string, T] | undefined {
  for (const [version, release] of releases) {
    if (word === version || word === release.codename || word.startsWith(`${version}.`)) {
      return [version, release];
    }
  }
  return undefined;
}

/** A later Ubuntu release than the table knows (`26.04`): still managed. */
function laterUbuntu(word: string): boolean {
  const m = /^(\d{2})\.(\d{2})(?:\.\d+)?$/.exec(word);
  return m !== null && Number(m[1]) * 100 + Number(m[2]) > 2510;
}

function ubuntuTag(tag: string): ExternallyManagedBase | undefined {
  const word = tag.toLowerCase().split('-')[0] ?? '';
  const known = byVersionOrCodename(ubuntuReleases, word);
  if (known) {
    return managed(`Ubuntu ${known[0]}`, known[1].python);
  }
  if (laterUbuntu(word)) {
    return { release: `Ubuntu ${word}` };
  }
  return ubuntuChannels.has(word) ? { release: 'Ubuntu 24.04 or later' } : undefined;
}

function debianTag(tag: string): ExternallyManagedBase | undefined {
  const word = tag.toLowerCase().split('-')[0] ?? '';
  const known = byVersionOrCodename(debianReleases, word);
  if (known) {
    return managed(`Debian ${known[0]}`, known[1].python);
  }
  if (/^\d+$/.test(word) && Number(word) > 14) {
    return { release: `Debian ${word}` };
  }
  return debianChannels.has(word) ? { release: 'Debian 12 or later' } : undefined;
}

/** Another official image by the managed release its tag names among its words (`node:22-bookworm`, `eclipse-temurin:21-jdk-noble`). */
function officialImageTag(tag: string): ExternallyManagedBase | undefined {
  for (const word of tag.toLowerCase().split('-')) {
    const release = byVersionOrCodename(ubuntuReleases, word) ?? byVersionOrCodename(debianReleases, word);
    if (release && release[1].codename === word) {
      const distro = ubuntuReleases.has(release[0]) ? 'Ubuntu' : 'Debian';
      return managed(`${distro} ${release[0]}`, release[1].python);
    }
  }
  return undefined;
}

/** nvidia/cuda's `…-ubuntu24.04` tags. */
function cudaTag(tag: string): ExternallyManagedBase | undefined {
  const m = /-ubuntu(\d{2}\.\d{2})$/.exec(tag);
  return m ? ubuntuTag(m[1] as string) : undefined;
}

/**
 * The base's apt `python3` is marked EXTERNALLY-MANAGED, so pip refuses to install into it: Ubuntu 23.04 and later,
 * Debian 12 and later (also `-slim`), nvidia/cuda on Ubuntu 24.04, and other official images on those releases.
 * None of these images ships pip; the marker comes with the python3 packages a Dockerfile installs with apt.
 */
export function externallyManagedBase(ref: ImageRef): ExternallyManagedBase | undefined {
  const tag = ref.tag ?? 'latest';
  if (isNvidiaCuda(ref)) {
    return cudaTag(tag);
  }
  if (ref.domain !== 'docker.io' || !ref.path.startsWith('library/') || ownPythonImages.has(ref.path)) {
    return undefined;
  }
  if (ref.path === 'library/ubuntu') {
    return ubuntuTag(tag);
  }
  return ref.path === 'library/debian' ? debianTag(tag) : officialImageTag(tag);
}
