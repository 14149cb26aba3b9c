import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { buildImageTree, countDangling } from '../../../src/core/docker/image-tree';
import { imageConfig, pruneDanglingImages, removeImage } from '../../../src/infra/docker/container-actions';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { ExplorerSource } from '../../../src/infra/docker/explorer-source';
import { engineGet } from '../support/engine';
import { runId } from '../support/paths';
import { runProcess } from '../support/process';
import { makeTempDir } from '../support/temp';
import { removeLabelled, testConnection } from './support';

const repo = 'mlc-e2e-actions';

/** Builds a one-layer image from scratch with this run's label; a second build with another file re-points the tag. */
async function build(tag: string, content: string): Promise<string> {
  const dir = await makeTempDir('image-actions');
  await fs.writeFile(path.join(dir, 'payload.txt'), content);
  await fs.writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY payload.txt /\nEXPOSE 8888 6006\n');
  const r = await runProcess('docker', ['--host', 'unix:///var/run/docker.sock', 'build', '--quiet', '--label', `mlc.test=${runId}`, '--tag', tag, dir], { timeoutMs: 120_000 });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

describe('Image actions against the real engine', function () {
  this.timeout(120_000);
  let connection: DockerConnection;

  before(function () {
    connection = testConnection();
  });

  after(async function () {
    connection?.dispose();
    await removeLabelled();
  });

  it('a re-tagged build leaves a dangling image: hidden by default, listed with the filter, pruned by label', async function () {
    const first = await build(`${repo}:${runId}`, 'one');
    const second = await build(`${repo}:${runId}`, 'two');
    assert.notEqual(first, second);
    const docker = await connection.api();
    const source = new ExplorerSource();
    const images = (await source.images(docker)).filter((i) => i.Labels?.['mlc.test'] === runId);
    assert.equal(countDangling(images), 1);
    assert.deepEqual(buildImageTree(images, { showDangling: false, nowMs: Date.now() }).map((g) => g.repository), [repo]);
    const withDangling = buildImageTree(images, { showDangling: true, nowMs: Date.now() });
    assert.deepEqual(withDangling.map((g) => [g.repository, g.images.map((i) => i.id)]), [
      [repo, [second]],
      ['<none>', [first]],
    ]);
    // Only this run's dangling images: never a global prune in tests.
    const pruned = await pruneDanglingImages(docker, { label: `mlc.test=${runId}` });
    assert.ok(pruned.deleted >= 1, 'the dangling image (and its untagged parent layers) are deleted');
    assert.equal((await engineGet(`/images/${first}/json`)).status, 404);
    assert.equal((await engineGet(`/images/${second}/json`)).status, 200);
  });

  it('reads the image\'s exposed ports (the run prompt\'s defaults) and removes the image by reference', async function () {
    const id = await build(`${repo}:remove-${runId}`, 'three');
    const docker = await connection.api();
    assert.deepEqual(Object.keys((await imageConfig(docker, `${repo}:remove-${runId}`)).exposedPorts).sort(), ['6006/tcp', '8888/tcp']);
    await removeImage(docker, `${repo}:remove-${runId}`);
    assert.equal((await engineGet(`/images/${id}/json`)).status, 404);
  });
});
