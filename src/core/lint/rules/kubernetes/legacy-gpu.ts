/** hostPaths that reach GPU devices or the driver directly (MLK418 reports them; MLK112 leaves them). */
export function isGpuHostPath(path: string): boolean {
  return /^\/dev\/nvidia/.test(path) || /^\/usr\/local\/nvidia(?:\/|$)/.test(path) || /\/lib(?:64)?(?:\/x86_64-linux-gnu|\/aarch64-linux-gnu)?\/lib(?:nvidia|cuda)[^/]*$/.test(path) || /^\/run\/nvidia(?:\/|$)/.test(path);
}
