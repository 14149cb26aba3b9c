import { runId } from '../support/paths';
import { runProcess } from '../support/process';
import { testImage } from './support';

async function docker(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return runProcess('docker', ['--host', 'unix:///var/run/docker.sock', ...args], { timeoutMs: 60_000 });
}

/**
 * Images built FROM the labelled test image inherit its label, intermediate layers included; a
 * parent cannot be removed before its children, so remove leaves first until nothing labelled is
 * left but the test image itself (removeLabelled takes that).
 */
export async function removeBuildImages(): Promise<void> {
  const keep = (await docker(['image', 'inspect', '--format', '{{.Id}}', testImage])).stdout.trim();
  for (let round = 0; round < 50; round++) {
    const ids = [...new Set((await docker(['images', '-aq', '--no-trunc', '--filter', `label=mlc.test=${runId}`])).stdout.split('\n').filter((id) => id && id !== keep))];
    if (ids.length === 0) {
      return;
    }
    let removed = 0;
    for (const id of ids) {
      if ((await docker(['rmi', '-f', id])).code === 0) {
        removed++;
      }
    }
    if (removed === 0) {
      return;
    }
  }
}
