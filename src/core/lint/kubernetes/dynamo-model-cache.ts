/** A path at, above or under a Hugging Face cache in a home under /home (`/home/dynamo/.cache/huggingface`, `/home/dynamo/.cache`). */
const homeCacheRe = /^\/home\/[^/]+(?:\/\.cache(?:\/huggingface(?:\/.*)?)?)?\/*$/;

/**
 * A claim at this path holds the Hugging Face cache of a user whose home is under /home (at the cache, or above it up to
 * the home): where a Dynamo service built on a runtime image of its own (`…/dynamo-vllm-runtime:custom`) keeps its
 * model when no variable moves the cache.
 */
export function atHomeCache(path: string): boolean {
  return homeCacheRe.test(path);
}
