import { promises as fs } from 'node:fs';

/** The path with links resolved; undefined when it cannot be resolved (missing, unreadable, a link loop). */
export async function realPathOf(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

/** The path with links resolved; the path itself when it cannot be (a missing file is then refused by the read). */
export async function realPathOrSelf(p: string): Promise<string> {
  return (await realPathOf(p)) ?? p;
}
