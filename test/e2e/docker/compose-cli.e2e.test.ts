import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { composeCommand } from '../../../src/core/docker/compose-cli';
import { composeProjectFiles, detectComposeCli, runCompose } from '../../../src/infra/docker/compose-cli';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { repoRoot, runId } from '../support/paths';
import { ensureTestImage, removeLabelled, testConnection, testImage } from './support';

const composeFile = path.join(repoRoot, 'test', 'fixtures', 'docker', 'build', 'compose', 'compose.yaml');
const project = `mlc-test-${runId}`.toLowerCase().replace(/[^a-z0-9_-]/g, '');

describe('Compose CLI on this machine', function () {
  this.timeout(180_000);
  let connection: DockerConnection;

  before(function () {
    connection = testConnection();
  });

  after(async function () {
    connection?.dispose();
    await removeLabelled();
  });

  // scripts/provision/compose-cli.sh (in the e2e chain) installs Debian's docker-compose, so the real CLI must be found.
  it('with no Compose CLI on PATH, says clearly how to install it', async function () {
    const cli = await detectComposeCli({ env: { ...process.env, PATH: '/nonexistent-mlc-test-path' } });
    assert.equal(cli.kind, 'missing');
    if (cli.kind === 'missing') {
      assert.match(cli.message, /Docker Compose was not found/);
      assert.match(cli.installHint, /docker-compose/);
    }
  });

  it('finds the provisioned Compose CLI and brings a busybox project up and down', async function () {
    const cli = await detectComposeCli();
    assert.notEqual(cli.kind, 'missing', 'no Compose CLI found: run scripts/provision/compose-cli.sh');
    if (cli.kind === 'missing') {
      return;
    }
    await ensureTestImage();
    const env = { ...process.env, MLC_TEST_IMAGE: testImage, MLC_RUN_ID: runId };
    const target = { files: [composeFile], projectName: project };
    const up = await runCompose(composeCommand(cli, 'up', target), { env, cwd: path.dirname(composeFile) });
    assert.equal(up.code, 0, up.output);
    const docker = await connection.api();
    const found = await composeProjectFiles(docker, project);
    assert.deepEqual(found.files, [composeFile]);
    const down = await runCompose(composeCommand(cli, 'down', target), { env, cwd: path.dirname(composeFile) });
    assert.equal(down.code, 0, down.output);
    assert.deepEqual(await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } }), []);
  });
});
