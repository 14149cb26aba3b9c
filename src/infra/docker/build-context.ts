import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { IgnoreMatcher } from '../../core/docker/build-ignore';
import { tarHeader, tarPadding, tarTrailer, type TarEntry } from '../../core/docker/build-tar';
import { readTextFile } from '../fs/read-text-file';

export interface ContextOptions {
  /** The Dockerfile path relative to the context (always sent, like the CLI). */
  dockerfile: string;
  signal?: AbortSignal;
}

/**
 * Reads .dockerignore at the context root (absent → nothing excluded). Only a regular file of at
 * most 4 MiB: a pipe or a link to /dev/zero there would never let the build start.
 */
export async function readContextMatcher(contextDir: string, dockerfile: string): Promise<IgnoreMatcher> {
  const read = await readTextFile(path.join(contextDir, '.dockerignore'), 4 * 1024 * 1024);
  if (!read.ok && read.reason !== 'missing') {
    throw new Error(`.dockerignore: ${read.message}`);
  }
  return IgnoreMatcher.fromDockerignore(read.ok ? read.text : undefined, [dockerfile, '.dockerignore']);
}

type ContextEntry = { rel: string; abs: string; stat: fs.Stats };

/** lstat of a directory's entries, a bounded batch at a time (a slow disk answers them in parallel). */
async function statAll(contextDir: string, rel: string, names: string[]): Promise<ContextEntry[]> {
  const out: ContextEntry[] = [];
  for (let i = 0; i < names.length; i += 64) {
    out.push(
      ...(await Promise.all(
        names.slice(i, i + 64).map(async (name) => {
          const childRel = rel ? `${rel}/${name}` : name;
          const abs = path.join(contextDir, childRel);
          return { rel: childRel, abs, stat: await fsp.lstat(abs) };
        }),
      )),
    );
  }
  return out;
}

/** Context-relative paths the build sends, in archive order (for tests and previews). */
export async function* contextEntries(contextDir: string, matcher: IgnoreMatcher, rel = ''): AsyncGenerator<ContextEntry> {
  const names = (await fsp.readdir(path.join(contextDir, rel))).sort();
  const kept = names.filter((name) => {
    const childRel = rel ? `${rel}/${name}` : name;
    // Excluded names are only stat'ed when they might be a directory holding an exception.
    return !matcher.excludes(childRel) || matcher.mustDescend(childRel);
  });
  for (const entry of await statAll(contextDir, rel, kept)) {
    const excluded = matcher.excludes(entry.rel);
    if (excluded && !entry.stat.isDirectory()) {
      continue;
    }
    if (!excluded) {
      yield entry;
    }
    if (entry.stat.isDirectory()) {
      yield* contextEntries(contextDir, matcher, entry.rel);
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

/** Small files are read ahead (a bounded window) so the disk and the socket work at the same time. */
const smallFile = 1024 * 1024;
const lookahead = 16;

interface Prepared {
  entry: TarEntry;
  abs: string;
  content?: Promise<Buffer>;
}

async function prepare(e: ContextEntry): Promise<Prepared | undefined> {
  const base = { name: e.rel, mode: e.stat.mode, mtimeSeconds: Math.floor(e.stat.mtimeMs / 1000) };
  if (e.stat.isDirectory()) {
    return { entry: { ...base, type: 'directory', size: 0 }, abs: e.abs };
  }
  if (e.stat.isSymbolicLink()) {
    return { entry: { ...base, type: 'symlink', size: 0, linkname: await fsp.readlink(e.abs) }, abs: e.abs };
  }
  if (e.stat.isFile()) {
    const entry: TarEntry = { ...base, type: 'file', size: e.stat.size };
    if (e.stat.size > 0 && e.stat.size <= smallFile) {
      const content = fsp.readFile(e.abs);
      content.catch(() => undefined); // awaited (and its error surfaced) when its turn comes
      return { entry, abs: e.abs, content };
    }
    return { entry, abs: e.abs };
  }
  return undefined; // sockets, FIFOs and devices are not part of a build context
}

async function* archive(contextDir: string, matcher: IgnoreMatcher, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const window: Promise<Prepared | undefined>[] = [];
  const entries = contextEntries(contextDir, matcher);
  let done = false;
  const fill = async () => {
    while (!done && window.length < lookahead) {
      const next = await entries.next();
      if (next.done) {
        done = true;
        return;
      }
      const p = prepare(next.value);
      p.catch(() => undefined);
      window.push(p);
    }
  };
  await fill();
  while (window.length > 0) {
    signal?.throwIfAborted();
    const prepared = await window.shift();
    await fill();
    if (!prepared) {
      continue;
    }
    const { entry } = prepared;
    yield* tarHeader(entry);
    if (entry.type === 'file' && entry.size > 0) {
      if (prepared.content) {
        const bytes = await prepared.content;
        // The file may have changed since lstat: send exactly the announced size.
        yield bytes.length >= entry.size ? bytes.subarray(0, entry.size) : Buffer.concat([bytes, Buffer.alloc(entry.size - bytes.length)]);
      } else {
        yield* fileBytes(prepared.abs, entry.size, signal);
      }
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
    if (part.length >= size) {
      // Large pieces go as they are (no copy); what was gathered before them goes first.
      if (length > 0) {
        yield Buffer.concat(parts, length);
        parts = [];
        length = 0;
      }
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
