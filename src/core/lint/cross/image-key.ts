import { parseImageRef } from '../dockerfile/image-ref';

/** The repository an image reference names (registry and path; tag and digest dropped), for the image map. */
export function imageKey(image: string): string | undefined {
  if (image.includes('$')) {
    return undefined;
  }
  const parsed = parseImageRef(image.trim());
  return parsed.ok ? `${parsed.ref.domain}/${parsed.ref.path}` : undefined;
}
