import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { IgnoreMatcher } from '../../core/docker/build-ignore';
import { tarHeader, tarPadding, tarTrailer, type TarEntry } from '../../core/docker/build-tar';

export interface ContextOptions {
  /** The Dockerfile path relative to the context (always sent, like the CLI). */
  dockerfile: string;
  signal?: AbortSignal;
}

/** Reads .dockerignore at the context root (absent → nothing excluded). */
export async function readContextMatcher(contextDir: string, dockerfile: string): Promise<IgnoreMatcher> {
  let text: string | undefined;
  try {
    text = await fsp.readFile(path.join(contextDir, '.dockerignore'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw err;
    }
  }
  return IgnoreMatcher.fromDockerignore(text, [dockerfile, '.dockerignore']);
}

/** Context-relative paths the build sends, in archive order (for tests and previews). */
export async function* contextEntries(contextDir: string, matcher: IgnoreMatcher, rel = ''): AsyncGenerator<{ rel: string; abs: string; stat: fs.Stats }> {
  const names = (await fsp.readdir(path.join(contextDir, rel))).sort();
  for (const name of names) {
    const childRel = rel ? `${rel}/${name}` : name;
    const abs = path.join(contextDir, childRel);
    const stat = await fsp.lstat(abs);
    const excluded = matcher.excludes(childRel);
    if (excluded && !(stat.isDirectory() && matcher.mustDescend(childRel))) {
      continue;
    }
    if (!excluded) {
      yield { rel: childRel, abs, stat };
    }
    if (stat.isDirectory()) {
      yield* contextEntries(contextDir, matcher, childRel);
    }
  }
}

async function* fileBytes(abs: string, size: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let sent = 0;
  const stream = fs.createReadStream(abs, { end: Math.max(0, size - 1), highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      const part = chunk.subarray(0, size - sent);
      sent += part.length;
      yield part;
    }
  } finally {
    stream.destroy();
  }
  if (sent < size) {
    // The file shrank while streaming: keep the archive well-formed.
    yield new Uint8Array(size - sent);
  }
}

async function* archive(contextDir: string, matcher: IgnoreMatcher, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const { rel, abs, stat } of contextEntries(contextDir, matcher)) {
    signal?.throwIfAborted();
    const base = { name: rel, mode: stat.mode, mtimeSeconds: Math.floor(stat.mtimeMs / 1000) };
    let entry: TarEntry;
    if (stat.isDirectory()) {
      entry = { ...base, type: 'directory', size: 0 };
    } else if (stat.isSymbolicLink()) {
      entry = { ...base, type: 'symlink', size: 0, linkname: await fsp.readlink(abs) };
    } else if (stat.isFile()) {
      entry = { ...base, type: 'file', size: stat.size };
    } else {
      continue; // sockets, FIFOs and devices are not part of a build context
    }
    yield* tarHeader(entry);
    if (entry.type === 'file' && entry.size > 0) {
      yield* fileBytes(abs, entry.size, signal);
      const pad = tarPadding(entry.size);
      if (pad > 0) {
        yield new Uint8Array(pad);
      }
    }
  }
  yield tarTrailer();
}

/** Joins small pieces (headers, padding, small files) into ~64 KiB writes: fewer chunks on the wire. */
async function* batched(source: AsyncIterable<Uint8Array>, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of source) {
    if (part.length >= size && length === 0) {
      yield part;
      continue;
    }
    parts.push(part);
    length += part.length;
    if (length >= size) {
      yield Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (length > 0) {
    yield Buffer.concat(parts, length);
  }
}

/** The build context as a tar stream honouring .dockerignore; files are read as the stream is consumed, never buffered whole. */
export async function packContext(contextDir: string, options: ContextOptions): Promise<Readable> {
  const matcher = await readContextMatcher(contextDir, options.dockerfile);
  return Readable.from(batched(archive(contextDir, matcher, options.signal)), { objectMode: false });
}
