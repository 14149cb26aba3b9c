import { isAscii } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SchemaStore } from '../../core/schemas/store';
import type { KubernetesBundle } from '../../core/schemas/types';

/** Bytes checked for non-ASCII at a time: the bundle's few non-ASCII characters sit in a handful of blocks. */
const blockSize = 64 * 1024;

/** Latin-1 text of UTF-8 bytes with each run of non-ASCII bytes (whole UTF-8 sequences) written as the `\u` escapes of the characters it encodes. */
function escapedNonAscii(latin1: string): string {
  return latin1.replace(/[\x80-\xff]+/g, (run) => {
    const characters = Buffer.from(run, 'latin1').toString('utf8');
    let escaped = '';
    for (let i = 0; i < characters.length; i++) {
      escaped += `\\u${characters.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
    return escaped;
  });
}

/**
 * JSON bytes as a one-byte string that JSON.parse reads to the same value as their UTF-8 text: non-ASCII
 * bytes (valid JSON has them only inside strings) become `\u` escapes. Decoded as UTF-8, the bundle's
 * few typographic quotes and dashes in descriptions made all 2 MB a two-byte string, slower to decode
 * and to parse at every start of `mlc lint`. Only the blocks that hold non-ASCII bytes are searched.
 */
export function jsonTextOf(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  if (isAscii(bytes)) {
    return latin1;
  }
  let text = '';
  let copied = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = Math.min(start + blockSize, bytes.length);
    // A run of non-ASCII bytes stays in one block, so no UTF-8 sequence is split.
    while (end < bytes.length && (bytes[end] as number) >= 0x80) {
      end++;
    }
    if (!isAscii(bytes.subarray(start, end))) {
      text += latin1.slice(copied, start) + escapedNonAscii(latin1.slice(start, end));
      copied = end;
    }
    start = end;
  }
  return text + latin1.slice(copied);
}

/** Reads the bundled schemas (schemas/kubernetes.json, schemas/compose.json) from the extension folder. */
export async function loadSchemaStore(extensionDir: string): Promise<SchemaStore> {
  const [kubernetes, compose] = await Promise.all(
    ['kubernetes.json', 'compose.json'].map(async (f) => JSON.parse(jsonTextOf(await readFile(join(extensionDir, 'schemas', f)))) as unknown),
  );
  return new SchemaStore(kubernetes as KubernetesBundle, compose as ConstructorParameters<typeof SchemaStore>[1]);
}

/** One load per extension folder, started on first use and shared afterwards. */
export function lazySchemaStore(extensionDir: string): () => Promise<SchemaStore> {
  let pending: Promise<SchemaStore> | undefined;
  return () => {
    pending ??= loadSchemaStore(extensionDir).catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
