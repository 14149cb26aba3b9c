import type { ImageRef } from './image-ref';

export type HttpTool = 'curl' | 'wget';

/** A well-known image that ships no curl, and no wget but BusyBox's, with what it does have for an HTTP check. */
export interface ToolLessImage {
  /** The program a check can use instead: the server's own CLI, an interpreter, BusyBox's wget, or none. */
  checker: 'ollama' | 'python' | 'node' | 'busybox' | 'none';
  /** The interpreter's path or name, for `python` and `node`. */
  program?: string;
  /** The package manager a derived image installs curl with; none for images without a shell. */
  installer?: 'apt' | 'apk';
}

const ollama: ToolLessImage = { checker: 'ollama', installer: 'apt' };
const busybox: ToolLessImage = { checker: 'busybox', installer: 'apk' };
const bareApt: ToolLessImage = { checker: 'none', installer: 'apt' };
const noShell: ToolLessImage = { checker: 'none' };

/** The tag's `-`-separated words: `3.12-slim-bookworm`, `18-alpine3.20`. */
function tagWords(ref: ImageRef): string[] {
  return (ref.tag ?? 'latest').toLowerCase().split('-');
}

const isAlpineTag = (ref: ImageRef): boolean => tagWords(ref).some((w) => w.startsWith('alpine'));
const isSlimTag = (ref: ImageRef): boolean => tagWords(ref).includes('slim');

/**
 * The official python and node images: their `-alpine` variants are Alpine with BusyBox wget (their build installs
 * curl as a virtual package and deletes it), their `-slim` ones Debian slim from which the build's curl and wget are
 * purged again. Their full variants come from buildpack-deps, which has both.
 */
function languageImage(ref: ImageRef, language: 'python' | 'node'): ToolLessImage | undefined {
  if (isAlpineTag(ref)) {
    return busybox;
  }
  return isSlimTag(ref) ? { checker: language, program: language, installer: 'apt' } : undefined;
}

/** Google's distroless images (not their `:debug` tags, which add BusyBox): no shell, no package manager. */
function distroless(ref: ImageRef): ToolLessImage | undefined {
  if (tagWords(ref).includes('debug')) {
    return undefined;
  }
  const name = ref.path.slice('distroless/'.length);
  if (/^python3(?:-|$)/.test(name)) {
    return { checker: 'python', program: 'python3' };
  }
  return /^nodejs\d*(?:-|$)/.test(name) ? { checker: 'node', program: '/nodejs/bin/node' } : noShell;
}

/**
 * Images whose own Dockerfiles leave no curl in them (nor wget, except BusyBox's on Alpine): ollama/ollama (Ubuntu
 * with ca-certificates only; its old ROCm tags were CentOS-based and are left out), python and node `-slim` and
 * `-alpine`, alpine, debian and ubuntu (buildpack-deps' `curl` variants exist to add both), distroless and
 * Chainguard's static image. Undefined for any other image: nginx:alpine, for one, installs curl.
 */
export function toolLessImage(ref: ImageRef): ToolLessImage | undefined {
  if (ref.domain === 'gcr.io' && ref.path.startsWith('distroless/')) {
    return distroless(ref);
  }
  if (ref.domain === 'cgr.dev') {
    return ref.path === 'chainguard/static' ? noShell : undefined;
  }
  if (ref.domain !== 'docker.io') {
    return undefined;
  }
  switch (ref.path) {
    case 'ollama/ollama':
      return tagWords(ref).includes('rocm') ? undefined : ollama;
    case 'library/python':
      return languageImage(ref, 'python');
    case 'library/node':
      return languageImage(ref, 'node');
    case 'library/alpine':
      return busybox;
    case 'library/debian':
    case 'library/ubuntu':
      return bareApt;
    default:
      return undefined;
  }
}

/** The image has no such program: it lacks curl, and wget unless BusyBox provides it. */
export function lacksTool(image: ToolLessImage, tool: HttpTool): boolean {
  return tool === 'curl' || image.checker !== 'busybox';
}
