import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const skippedDirs = new Set(['node_modules', '.git', '.hg', '.svn']);
const dockerfileNameRe = /^(?:Dockerfile|Containerfile)(?:\..+)?$|.\.(?:Dockerfile|Containerfile)$/;

/** `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile` (never `Dockerfile.dockerignore`). */
export function isDockerfileName(name: string): boolean {
  return dockerfileNameRe.test(name) && !name.endsWith('.dockerignore');
}

export interface Discovery {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Usage or I/O errors (exit 2), one line each. */
  errors: string[];
}

/** Expands CLI paths: files are taken as given; directories are walked (no symlinked directories, no node_modules/.git). */
export async function discoverDockerfiles(paths: readonly string[], cwd: string): Promise<Discovery> {
  const files = new Set<string>();
  const errors: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(code === 'ENOENT' || code === 'ENOTDIR' ? `${p}: no such file or directory` : `${p}: ${(e as Error).message}`);
      continue;
    }
    if (st.isFile()) {
      files.add(abs);
      continue;
    }
    if (!st.isDirectory()) {
      errors.push(`${p}: not a file or directory`);
      continue;
    }
    const before = files.size;
    await walk(abs, files, errors);
    if (files.size === before) {
      errors.push(`${p}: no Dockerfile found (looked for Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile)`);
    }
  }
  return { files: [...files].sort(), errors };
}

async function walk(root: string, files: Set<string>, errors: string[]): Promise<void> {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir}: ${(e as Error).message}`);
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skippedDirs.has(e.name)) {
          stack.push(path.join(dir, e.name));
        }
      } else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name)) {
        files.add(path.join(dir, e.name));
      }
    }
  }
}
