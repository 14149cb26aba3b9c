import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '../../../..');
/** tsx's loader by absolute URL: the runs start in a temporary folder, where `--import tsx` would not resolve. */
const tsxLoader = pathToFileURL(require.resolve('tsx', { paths: [repoRoot] })).href;

/**
 * Runs `mlc lint ARGS` from the sources in a process of its own, killed after 60 s: reading a device,
 * opening a pipe or a runaway pattern match blocks the thread that does it, so an in-process run could
 * hang the whole suite.
 */
export function spawnLint(cwd: string, args: string[], options: { nodeOptions?: string[]; dropOutput?: boolean } = {}): Promise<{ code: number | null; out: string; outBytes: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), '--import', tsxLoader, path.join(repoRoot, 'src/cli/main.ts'), 'lint', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let outBytes = 0;
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      outBytes += Buffer.byteLength(d);
      out += options.dropOutput ? '' : d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, outBytes, err });
    });
  });
}
