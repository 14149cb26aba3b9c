import type { ImageRef } from './image-ref';
import { parseImageRef } from './image-ref';

/** Images the project builds and tags itself (Compose `image:` beside `build:`), so a FROM of one is never pulled. */
export interface LocalImages {
  has(ref: ImageRef): boolean;
}

/** No tag means `latest`, on both sides: `myapp-base` is `docker.io/library/myapp-base:latest`. */
function key(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}:${ref.tag ?? 'latest'}`;
}

/** The names as written (`myapp-base`, `ghcr.io/org/base:1.2`); unparseable ones and digests are left out. */
export function localImagesOf(images: readonly string[]): LocalImages | undefined {
  const keys = new Set<string>();
  for (const image of images) {
    const parsed = parseImageRef(image);
    if (parsed.ok && parsed.ref.digest === undefined) {
      keys.add(key(parsed.ref));
    }
  }
  return keys.size > 0 ? { has: (ref) => keys.has(key(ref)) } : undefined;
}
