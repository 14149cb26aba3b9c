import type { ImageRef } from './image-ref';

/** Alpine-based images (`alpine`, `python:3.12-alpine`, `frolvlad/alpine-glibc`) and `busybox`. */
const busyboxImageRe = /(?:^|[/_.-])(?:alpine|busybox)(?:$|[^a-z])/;

/**
 * The image ships BusyBox's userland, by its name or its tag: sh is BusyBox ash (which knows pipefail), wget and
 * adduser are BusyBox's, and there is no bash or useradd.
 */
export function isBusyboxImage(ref: ImageRef | undefined): boolean {
  return ref !== undefined && (busyboxImageRe.test(ref.path) || busyboxImageRe.test(ref.tag ?? ''));
}
