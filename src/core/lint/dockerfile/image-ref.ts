/** Docker image reference grammar (distribution/reference), with Docker CLI normalisation. */
export interface ImageRef {
  /** Registry host as written, or `docker.io` when none. */
  domain: string;
  /** Repository path; `library/` is added to single-component Docker Hub names. */
  path: string;
  tag?: string;
  digest?: string;
  /** Where the tag starts in the input (for ranges). */
  tagOffset?: number;
}

const pathComponentRe = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagRe = /^[\w][\w.-]{0,127}$/;
const digestRe = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const domainRe = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;

/** rest.lastIndexOf('/'), which V8 runs several times slower than this loop (a reference is parsed per FROM per lint). */
function lastIndexOfSlash(text: string): number {
  for (let k = text.length - 1; k >= 0; k--) {
    if (text.charCodeAt(k) === 47) {
      return k;
    }
  }
  return -1;
}

/** text.split('/'), without the slow path V8's split takes for a sliced string. */
function splitOnSlashes(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let slash = text.indexOf('/'); slash >= 0; slash = text.indexOf('/', from)) {
    parts.push(text.slice(from, slash));
    from = slash + 1;
  }
  parts.push(text.slice(from));
  return parts;
}

export type ParsedImageRef = { ok: true; ref: ImageRef } | { ok: false; reason: string };

export function parseImageRef(input: string): ParsedImageRef {
  if (input === '') {
    return { ok: false, reason: 'the image reference is empty' };
  }
  if (input.length > 4096) {
    return { ok: false, reason: 'the image reference is too long' };
  }
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestRe.test(digest) || (digest.startsWith('sha256:') && !/^sha256:[a-f0-9]{64}$/.test(digest))) {
      return { ok: false, reason: `"${digest}" is not a valid digest` };
    }
  }
  let tag: string | undefined;
  let tagOffset: number | undefined;
  const colon = rest.indexOf(':', lastIndexOfSlash(rest) + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    tagOffset = colon + 1;
    rest = rest.slice(0, colon);
    if (!tagRe.test(tag)) {
      return { ok: false, reason: tag.length > 128 ? 'the tag is longer than 128 characters' : `"${tag}" is not a valid tag` };
    }
  }
  const parts = splitOnSlashes(rest);
  let domain = 'docker.io';
  // The parts joined by slashes: the reference less its registry host, if it names one.
  let named = rest;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!domainRe.test(first)) {
      return { ok: false, reason: `"${first}" is not a valid registry host` };
    }
    domain = first;
    parts.shift();
    named = rest.slice(first.length + 1);
  }
  if (parts.length === 0 || parts.some((p) => p === '')) {
    return { ok: false, reason: 'the repository name is empty' };
  }
  for (const p of parts) {
    if (!pathComponentRe.test(p)) {
      return { ok: false, reason: p !== p.toLowerCase() ? 'the repository name must be lowercase' : `"${p}" is not a valid repository name component` };
    }
  }
  let path = named;
  if (domain === 'docker.io' && parts.length === 1) {
    path = `library/${path}`;
  }
  const ref: ImageRef = { domain: domain === 'index.docker.io' ? 'docker.io' : domain, path };
  if (tag !== undefined) {
    ref.tag = tag;
    ref.tagOffset = tagOffset;
  }
  if (digest !== undefined) {
    ref.digest = digest;
  }
  return { ok: true, ref };
}

/** `nvidia/cuda` on Docker Hub or NGC (`nvcr.io/nvidia/cuda`), or a mirror that keeps the path. */
export function isNvidiaCuda(ref: ImageRef): boolean {
  return ref.path === 'nvidia/cuda' || ref.path.endsWith('/nvidia/cuda');
}

export function isPytorchImage(ref: ImageRef): boolean {
  return ref.path === 'pytorch/pytorch' || ref.path.endsWith('/pytorch/pytorch');
}

export function isNgcPytorch(ref: ImageRef): boolean {
  return ref.domain === 'nvcr.io' && ref.path === 'nvidia/pytorch';
}
