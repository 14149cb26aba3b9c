import { stat } from 'node:fs/promises';
import { readTextFile } from '../fs/read-text-file';

/**
 * What a file says (`fromText` of its text, read up to `maxBytes`), remembered by path while its size and modification
 * time stay the same: an editor lints often and reads the same neighbours each time. Unreadable files say nothing.
 */
export function cachedFileFacts<T>(maxBytes: number, fromText: (text: string) => T | undefined, maxSeen = 2000): (file: string) => Promise<T | undefined> {
  const seen = new Map<string, { stamp: string; facts: T | undefined }>();
  return async (file) => {
    let stamp: string;
    try {
      const st = await stat(file);
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined;
    }
    const known = seen.get(file);
    if (known?.stamp === stamp) {
      return known.facts;
    }
    const read = await readTextFile(file, maxBytes);
    const facts = read.ok ? fromText(read.text) : undefined;
    if (seen.size >= maxSeen) {
      seen.clear();
    }
    seen.set(file, { stamp, facts });
    return facts;
  };
}
