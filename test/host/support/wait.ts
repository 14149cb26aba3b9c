/** Thrown by a probe to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/** Polls `probe` until it returns a value other than `undefined`, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (err) {
      if (err instanceof GiveUp) {
        throw err;
      }
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits until `done()` holds, calling `write()` before each new look: file watchers start asynchronously, so a change
 * written before the editor watches is written again until the editor has seen it.
 */
export function writeUntil(what: string, write: () => void, done: () => boolean): Promise<true> {
  return waitFor(
    what,
    () => {
      if (done()) {
        return true;
      }
      write();
      return undefined;
    },
    { intervalMs: 1_000 },
  );
}
