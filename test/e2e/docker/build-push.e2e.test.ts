import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { pushImage, tagImage } from '../../../src/infra/docker/build-push';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { closedLoopbackPort } from '../support/net';
import { runId } from '../support/paths';
import { makeTempDir } from '../support/temp';
import { removeBuildImages } from './build-support';
import { ensureTestImage, removeLabelled, testConnection, testImage } from './support';

describe('Tag and push through the Engine API', function () {
  this.timeout(120_000);
  let connection: DockerConnection;
  let docker: Docker;

  before(async function () {
    await ensureTestImage();
    connection = testConnection();
    docker = await connection.api();
  });

  after(async function () {
    connection?.dispose();
    await removeBuildImages();
    await removeLabelled();
  });

  it('tags an image; pushing to a closed loopback port says the registry is unreachable, with no credentials anywhere', async function () {
    const port = await closedLoopbackPort();
    const target = `127.0.0.1:${port}/mlc-e2e-push:${runId}`;
    await tagImage(docker, testImage, target);
    const inspect = (await docker.getImage(target).inspect()) as { RepoTags: string[] };
    assert.ok(inspect.RepoTags.includes(target), inspect.RepoTags.join(','));

    // A docker config whose auths entry holds a recognisable secret for that registry.
    const cfg = await makeTempDir('push-config');
    await fs.writeFile(path.join(cfg, 'config.json'), JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { auth: Buffer.from('robot:TOPSECRET-1').toString('base64') } } }));
    const sources: string[] = [];
    const outcome = await pushImage(docker, { ref: target, env: { ...process.env, DOCKER_CONFIG: cfg }, onAuthSource: (s) => sources.push(s) });
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok);
    assert.match(outcome.message, new RegExp(`Cannot reach the registry 127\\.0\\.0\\.1:${port}: connection refused`));
    assert.deepEqual(sources, [`the docker config's auths entry for 127.0.0.1:${port}`]);
    assert.doesNotMatch(JSON.stringify({ outcome, sources }), /TOPSECRET|robot/);
    await docker.getImage(target).remove({ noprune: true });
  });

  it('pushing an image that does not exist locally is explained', async function () {
    const port = await closedLoopbackPort();
    const outcome = await pushImage(docker, { ref: `127.0.0.1:${port}/mlc-e2e-absent:${runId}`, env: { ...process.env, DOCKER_CONFIG: await makeTempDir('push-none') } });
    assert.ok(!outcome.ok);
    assert.match(outcome.message, /does not exist|No such image|An image does not exist locally/i);
  });
});
