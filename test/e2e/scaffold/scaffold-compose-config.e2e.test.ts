// Every generated compose.yaml of the quick-pick matrix passes `docker-compose config -q` with
// Debian's docker-compose 1.29 (installed by scripts/provision/compose-cli.sh). The templates keep to
// what both 1.29 and Compose v2 accept (no top-level `name:`), so this checks the file users run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { groupBy, planFiles, scaffoldMatrix } from '../../unit/scaffold/scaffold-matrix';
import { repoRoot } from '../support/paths';
import { runProcess } from '../support/process';
import { makeTempDir } from '../support/temp';

/** The notebook service requires JUPYTER_TOKEN from the environment (no default token in the file). */
async function composeConfig(dir: string, env: NodeJS.ProcessEnv = { JUPYTER_TOKEN: 'a-token-for-the-config-check' }): Promise<{ code: number | null; output: string }> {
  const inherited = { ...process.env };
  delete inherited.JUPYTER_TOKEN;
  const r = await runProcess('docker-compose', ['-f', 'compose.yaml', 'config', '-q'], { cwd: dir, env: { ...inherited, ...env }, timeoutMs: 60_000 });
  return { code: r.code, output: `${r.stdout}${r.stderr}` };
}

describe('scaffold e2e: generated compose files pass docker-compose config', function () {
  this.timeout(120_000);
  const cases = scaffoldMatrix();
  // compose.yaml and the monitoring files it mounts, written together as the scaffold writes them.
  const stacks = groupBy(cases, (files) => {
    const composeFiles = files.filter((f) => f.path === 'compose.yaml' || f.path.startsWith('monitoring/'));
    return composeFiles.length > 0 ? composeFiles : undefined;
  });

  before(async function () {
    this.timeout(600_000);
    const provision = await runProcess('bash', [path.join(repoRoot, 'scripts', 'provision', 'compose-cli.sh'), 'ensure'], { timeoutMs: 580_000 });
    assert.equal(provision.code, 0, provision.stderr);
  });

  it('every combination of the matrix plans a compose.yaml', () => {
    assert.equal([...stacks.values()].reduce((n, g) => n + g.labels.length, 0), cases.length);
  });

  it('docker-compose rejects an invalid compose file (the check can fail)', async () => {
    const dir = await makeTempDir('scaffold-compose-bad');
    await fs.writeFile(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: x\n    shm_size: [1]\n');
    const r = await composeConfig(dir);
    assert.notEqual(r.code, 0);
    assert.match(r.output, /shm_size/);
  });

  it('a notebook compose.yaml refuses to start without JUPYTER_TOKEN', async () => {
    const notebook = cases.find((c) => c.answers.workload === 'notebook');
    assert.ok(notebook);
    const dir = await makeTempDir('scaffold-compose-notebook');
    for (const f of planFiles(notebook.answers).filter((x) => x.path === 'compose.yaml')) {
      await fs.writeFile(path.join(dir, f.path), f.content);
    }
    const r = await composeConfig(dir, {});
    assert.notEqual(r.code, 0, r.output);
    assert.match(r.output, /JUPYTER_TOKEN/);
  });

  for (const { value: files, labels } of stacks.values()) {
    it(`accepts the compose.yaml of ${labels.length} combination(s), e.g. ${labels[0] ?? ''}`, async () => {
      const dir = await makeTempDir('scaffold-compose');
      for (const f of files) {
        await fs.mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
        await fs.writeFile(path.join(dir, f.path), f.content);
      }
      const r = await composeConfig(dir);
      assert.equal(r.code, 0, `${labels.join('\n')}\n${r.output}`);
      assert.equal(r.output.trim(), '', 'config -q prints nothing when the file is valid');
    });
  }
});
