import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';

export type TextFileRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'unreadable' | 'too-large' | 'binary' | 'not-a-file'; message: string };

/**
 * UTF-8 bytes as text, without a leading byte-order mark: Windows editors write one, and it is an
 * encoding mark, not content (VS Code leaves it out of a document's text too). Kept, it hid a
 * manifest's first `apiVersion:` from classification, so the file was skipped.
 */
export function utf8Text(buffer: Buffer): string {
  const hasBom = buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf;
  return (hasBom ? buffer.subarray(3) : buffer).toString('utf8');
}

/** A file's bytes as text, refused when they hold a NUL byte (binary content). */
export function textOfBuffer(buffer: Buffer): TextFileRead {
  if (buffer.includes(0)) {
    return { ok: false, reason: 'binary', message: 'binary content, not text' };
  }
  return { ok: true, text: utf8Text(buffer) };
}

/** Why a file may not be read: not a regular file (a pipe, a device, a folder), or too large. */
function refusedByStat(stat: Stats, maxBytes: number): TextFileRead | undefined {
  if (!stat.isFile()) {
    return { ok: false, reason: 'not-a-file', message: 'not a regular file' };
  }
  if (stat.size > maxBytes) {
    return { ok: false, reason: 'too-large', message: `${stat.size} bytes, more than the ${maxBytes} allowed` };
  }
  return undefined;
}

/** Reads a small text file; refuses huge or binary files instead of choking on them. */
export async function readTextFile(filePath: string, maxBytes = 4 * 1024 * 1024): Promise<TextFileRead> {
  try {
    return refusedByStat(await fs.stat(filePath), maxBytes) ?? textOfBuffer(await fs.readFile(filePath));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { ok: false, reason: 'missing', message: 'does not exist' };
    }
    return { ok: false, reason: 'unreadable', message: (err as Error).message };
  }
}

/**
 * A small file's bytes (credentials, certificates): only a regular file of at most `maxBytes`, else
 * an Error `cannot read FILE: why`. A pipe would never answer and /dev/zero never end.
 */
export async function readSmallFile(filePath: string, maxBytes = 1024 * 1024): Promise<Buffer> {
  try {
    const refused = refusedByStat(await fs.stat(filePath), maxBytes);
    if (refused !== undefined && !refused.ok) {
      throw new Error(refused.message);
    }
    return await fs.readFile(filePath);
  } catch (err) {
    throw new Error(`cannot read ${filePath}: ${(err as Error).message}`);
  }
}
