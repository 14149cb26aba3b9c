import { isWithin } from '../fs/within';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildContextView } from '../../core/lint/rule';
import { compileWildcard } from '../../core/wildcard/wildcard';

/** Walks at most this many entries per query, so a huge context cannot stall the linter. */
const maxEntries = 50_000;
/** Reads no file larger than this as text: the files read are scripts. */
const maxTextBytes = 256 * 1024;

/** A build context on disk: sizes of COPY/ADD sources (files, directories, `*`/`?` patterns), and the text of small files. */
export function fsBuildContext(contextDir: string): BuildContextView {
  const root = path.resolve(contextDir);
  const cache = new Map<string, number | undefined>();
  const texts = new Map<string, string | undefined>();

  const sizeOfPath = (abs: string, budget: { left: number }): number => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return 0;
    }
    if (st.isFile()) {
      return st.size;
    }
    if (!st.isDirectory()) {
      return 0;
    }
    let total = 0;
    const stack = [abs];
    while (stack.length > 0 && budget.left > 0) {
      const dir = stack.pop() as string;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (--budget.left <= 0) {
          break;
        }
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          stack.push(p);
        } else if (e.isFile()) {
          try {
            total += fs.statSync(p).size;
          } catch {
            // vanished: ignore
          }
        }
      }
    }
    return total;
  };

  const expand = (segments: string[]): string[] => {
    let current = [root];
    for (const seg of segments) {
      if (!/[*?]/.test(seg)) {
        current = current.map((d) => path.join(d, seg));
        continue;
      }
      const re = compileWildcard(seg, { globstar: false, escapes: false });
      const next: string[] = [];
      for (const d of current) {
        try {
          for (const name of fs.readdirSync(d)) {
            if (re.test(name)) {
              next.push(path.join(d, name));
            }
          }
        } catch {
          // not a directory
        }
      }
      current = next.slice(0, maxEntries);
    }
    return current;
  };

  const readText = (source: string): string | undefined => {
    const rel = path.posix.normalize(source.replace(/\\/g, '/')).replace(/^\/+/, '');
    if (!isWithin(rel, '/') || /[*?]/.test(rel)) {
      return undefined;
    }
    const abs = path.join(root, rel);
    try {
      const st = fs.lstatSync(abs);
      return st.isFile() && st.size <= maxTextBytes ? fs.readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    textOf(source: string): string | undefined {
      if (!texts.has(source)) {
        texts.set(source, readText(source));
      }
      return texts.get(source);
    },
    sizeOf(source: string): number | undefined {
      if (cache.has(source)) {
        return cache.get(source);
      }
      const rel = path.posix.normalize(source.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
      let result: number | undefined;
      if (!isWithin(rel, '/')) {
        result = undefined;
      } else {
        const budget = { left: maxEntries };
        // When the walk budget runs out the total is a lower bound, which is still safe to compare.
        result = expand(rel === '.' || rel === '' ? [] : rel.split('/')).reduce((sum, p) => sum + sizeOfPath(p, budget), 0);
      }
      cache.set(source, result);
      return result;
    },
  };
}
