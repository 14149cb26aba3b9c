import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';

/** Caches kept per folder: one per CLI build and Node.js version in use; older ones are removed. */
const keptCaches = 4;
/** A cache bigger than this is neither written nor read (the CLI's is about 1 MB). */
const maxCacheBytes = 64 * 1024 * 1024;
/**
 * A run that used the cache writes it again when it took longer than this: it compiled what the cached run did not
 * need (a first run on one Dockerfile, then one on a manifest folder), and writing (~20 ms) is small beside it.
 */
const rewriteAfterMs = 1000;

/**
 * Where compiled code is kept between runs: `$XDG_CACHE_HOME/ml-containers/cli-code-cache` (by default under
 * ~/.cache); none when MLC_CODE_CACHE=0.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MLC_CODE_CACHE === '0') {
    return undefined;
  }
  const base = env.XDG_CACHE_HOME !== undefined && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'ml-containers', 'cli-code-cache');
}

/** What happened to the cache in a run: for tests and MLC_LINT_TIMING. */
export interface CodeCacheUse {
  /** A cache was found and V8 took it. */
  used: boolean;
  /** The cache file for this bundle, Node.js and flags (written at exit when not used). */
  file?: string;
}

/**
 * Runs the CommonJS bundle `bundle` as `require` would, but with V8's code cache: the bytecode of every function
 * the previous run compiled (about 0.1 s of a run's start: the bundle is 1 MB and the lint rules are many small
 * functions). The cache is keyed by the bundle's content, the Node.js version and architecture, `flags` and Node's
 * own options (V8 rejects a cache made under other flags), written at exit when there was none (or after a long run),
 * and only ever read as V8's cached data once its SHA-256 matches; V8 then checks it again and rejects what does not
 * fit. Any failure to read or write it only costs the time.
 */
export function runWithCodeCache(bundle: string, flags: string, dir: string | undefined = codeCacheDir()): CodeCacheUse {
  const source = fs.readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  // Node's own options (--max-old-space-size, --cpu-prof…) can change V8's flags too: each set gets a cache of its own.
  const key = createHash('sha256').update(`${process.version}\0${process.arch}\0${flags}\0${process.execArgv.join(' ')}\0`).update(source).digest('hex').slice(0, 32);
  const file = dir !== undefined ? path.join(dir, `${key}.bin`) : undefined;
  const cached = file !== undefined ? readCache(file) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, ...(cached ? { cachedData: cached } : {}) });
  const used = cached !== undefined && !script.cachedDataRejected;
  if (file !== undefined && dir !== undefined) {
    const started = performance.now();
    process.once('exit', () => {
      if (!used || performance.now() - started > rewriteAfterMs) {
        writeCache(dir, file, script);
      }
    });
  }
  const module = { exports: {} as unknown, filename: bundle, id: bundle, loaded: false };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return { used, ...(file !== undefined ? { file } : {}) };
}

const digestBytes = 32;

function digest(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * The cached data, if the file holds it whole: a file is its SHA-256 and then the data, since release builds of V8
 * check a code cache's header, not every byte of it, and a damaged cache must not reach it.
 */
function readCache(file: string): Buffer | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size <= digestBytes || stat.size > maxCacheBytes) {
      return undefined;
    }
    const bytes = fs.readFileSync(file);
    const data = bytes.subarray(digestBytes);
    return digest(data).equals(bytes.subarray(0, digestBytes)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (a temporary file renamed over it), then keeps only the newest few. */
function writeCache(dir: string, file: string, script: Script): void {
  try {
    const data = script.createCachedData();
    if (data.length === 0 || data.length > maxCacheBytes) {
      return;
    }
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.concat([digest(data), data]), { mode: 0o600 });
    fs.renameSync(temporary, file);
    const caches = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.bin'))
      .map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const old of caches.slice(keptCaches)) {
      fs.rmSync(path.join(dir, old.n), { force: true });
    }
  } catch {
    // A read-only or full disk: the next run compiles again.
  }
}
