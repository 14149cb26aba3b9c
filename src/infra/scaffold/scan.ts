import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { WorkspaceScan } from '../../core/scaffold/detect';
import { isRequirementsPath } from '../../core/scaffold/detect';

const skipDirs = new Set(['.git', 'node_modules', '.venv', 'venv', 'env', '__pycache__', '.mypy_cache', '.pytest_cache', '.tox', 'site-packages', 'dist', 'build', '.ipynb_checkpoints', 'wandb', 'mlruns']);

export interface ScanLimits {
  maxDepth: number;
  maxPaths: number;
  /** Text files larger than this are listed but not read. */
  maxTextBytes: number;
  maxPyFiles: number;
}

export const defaultScanLimits: ScanLimits = { maxDepth: 4, maxPaths: 5000, maxTextBytes: 256 * 1024, maxPyFiles: 200 };

function wantsText(rel: string): boolean {
  return isRequirementsPath(rel) || rel === '.python-version' || rel.endsWith('.py');
}

/** Lists a project (bounded) and reads the files detection looks at. Never follows symlinks. */
export async function scanWorkspace(root: string, limits: ScanLimits = defaultScanLimits, signal?: AbortSignal): Promise<WorkspaceScan> {
  const paths: string[] = [];
  const texts: Record<string, string> = {};
  let pyFiles = 0;
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    signal?.throwIfAborted();
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (paths.length >= limits.maxPaths) {
        return;
      }
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skipDirs.has(e.name) && depth < limits.maxDepth) {
          await walk(path.join(dir, e.name), childRel, depth + 1);
        }
        continue;
      }
      if (!e.isFile()) {
        continue;
      }
      paths.push(childRel);
      if (wantsText(childRel) && (!childRel.endsWith('.py') || pyFiles++ < limits.maxPyFiles)) {
        const full = path.join(dir, e.name);
        const stat = await fs.stat(full);
        if (stat.size <= limits.maxTextBytes) {
          texts[childRel] = await fs.readFile(full, 'utf8');
        }
      }
    }
  };
  await walk(root, '', 0);
  return { paths, texts };
}
