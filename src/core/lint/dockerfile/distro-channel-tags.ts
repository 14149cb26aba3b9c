import type { ImageRef } from './image-ref';

/**
 * Tags of official distribution images that follow a rolling or development channel rather than a release, so they
 * move on to the next release: `ubuntu:rolling` (the newest release, interim ones included) and `ubuntu:devel`,
 * Debian's `testing`, `unstable`, `sid`, `experimental` and `rc-buggy` (also as `-slim`), `alpine:edge` and
 * `fedora:rawhide`. Debian's `stable` is left to the configurable floating list, as `latest` is.
 */
const channelTags: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['library/ubuntu', new Set(['rolling', 'devel'])],
  ['library/debian', new Set(['testing', 'unstable', 'sid', 'experimental', 'rc-buggy', 'testing-slim', 'unstable-slim', 'sid-slim', 'experimental-slim', 'rc-buggy-slim'])],
  ['library/alpine', new Set(['edge'])],
  ['library/fedora', new Set(['rawhide'])],
]);

/** The official distribution image's tag names a rolling or development channel, not a release. */
export function isDistroChannelTag(ref: ImageRef): boolean {
  return ref.domain === 'docker.io' && ref.tag !== undefined && (channelTags.get(ref.path)?.has(ref.tag) ?? false);
}
