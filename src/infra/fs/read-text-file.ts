import * as fs from 'node:fs/promises';

export type TextFileRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'unreadable' | 'too-large' | 'binary' | 'not-a-file'; message: string };

/** A file's bytes as text, refused when they hold a NUL byte (binary content). */
export function textOfBuffer(buffer: Buffer): TextFileRead {
  if (buffer.includes(0)) {
    return { ok: false, reason: 'binary', message: 'binary content, not text' };
  }
  return { ok: true, text: buffer.toString('utf8') };
}

/** Reads a small text file; refuses huge or binary files instead of choking on them. */
export async function readTextFile(filePath: string, maxBytes = 4 * 1024 * 1024): Promise<TextFileRead> {
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) {
      return { ok: false, reason: 'not-a-file', message: 'not a regular file' };
    }
    if (stat.size > maxBytes) {
      return { ok: false, reason: 'too-large', message: `${stat.size} bytes, more than the ${maxBytes} allowed` };
    }
    return textOfBuffer(await fs.readFile(filePath));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, reason: 'missing', message: 'does not exist' };
    }
    return { ok: false, reason: 'unreadable', message: (err as Error).message };
  }
}
