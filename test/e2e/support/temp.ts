import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runId } from './paths';

const created: string[] = [];

/** A fresh temp dir, removed by the root after() hook (or earlier with removeTempDir). */
export async function makeTempDir(label: string, mode?: number): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `mlc-e2e-${runId}-${label}-`));
  if (mode !== undefined) {
    await fs.chmod(dir, mode);
  }
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  const dirs = created.splice(0);
  await Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true })));
}
