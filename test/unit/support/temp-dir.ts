import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A temp folder per test, labelled `mlc-unit-<label>-` and removed after each test.
 * Call inside a describe(): returns a getter for the current folder.
 */
export function useTempDir(label: string): () => string {
  let dir: string | undefined;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `mlc-unit-${label}-`));
  });
  afterEach(async () => {
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });
  return () => {
    if (!dir) {
      throw new Error('the temp dir exists only inside a test');
    }
    return dir;
  };
}

/** Writes a file (creating its folders) and returns its path. */
export async function writeFile(root: string, relative: string, content: string | Buffer, mode?: number): Promise<string> {
  const full = path.join(root, relative);
  await fs.mkdir(path.dirname(full), { recursive: true });
  await fs.writeFile(full, content);
  if (mode !== undefined) {
    await fs.chmod(full, mode);
  }
  return full;
}
