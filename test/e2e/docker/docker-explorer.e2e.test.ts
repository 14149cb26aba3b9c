import * as assert from 'node:assert/strict';
import { buildContainerTree, type ContainerNode } from '../../../src/core/docker/container-tree';
import { formatSize } from '../../../src/core/docker/format';
import { buildImageTree } from '../../../src/core/docker/image-tree';
import { parsePortSpec } from '../../../src/core/docker/port-spec';
import { defaultShmBytes, type RunProfile } from '../../../src/core/docker/run-profile';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { ExplorerSource } from '../../../src/infra/docker/explorer-source';
import { runProfile } from '../../../src/infra/docker/run-container';
import { engineGet, engineVersion } from '../support/engine';
import { ensureTestImage, isConnected, removeLabelled, testConnection, testImage, testLabel, testRepository, waitForHttp } from './support';

function mapping(spec: string) {
  const parsed = parsePortSpec(spec);
  assert.ok(parsed.ok);
  return parsed.mapping;
}

describe('Docker explorer data from the real engine', function () {
  this.timeout(120_000);
  let connection: DockerConnection;
  const source = new ExplorerSource();

  before(async function () {
    this.timeout(240_000);
    await ensureTestImage();
    connection = testConnection();
  });

  after(async function () {
    connection?.dispose();
    await removeLabelled();
  });

  it('connects lazily: idle until asked, then connected to the engine the tier runs', async function () {
    assert.equal(connection.state.kind, 'idle', 'nothing connects before a view asks');
    const state = await connection.connect();
    assert.ok(isConnected(state), JSON.stringify(state));
    const version = await engineVersion();
    assert.equal(state.engine.serverVersion, version.Version);
    assert.equal(state.engine.apiVersion, version.ApiVersion);
    assert.equal(state.endpoint.host, 'unix:///var/run/docker.sock');
  });

  it('lists images and builds the tree: the test image under its repository, with its size and age', async function () {
    const images = await source.images(await connection.api());
    const tree = buildImageTree(images, { showDangling: false, nowMs: Date.now() });
    const repo = tree.find((g) => g.repository === testRepository);
    assert.ok(repo, `repositories: ${tree.map((g) => g.repository).join(', ')}`);
    const node = repo.images.find((i) => i.ref === testImage);
    assert.ok(node);
    const direct = await engineGet<{ Id: string; Size: number }>(`/images/${encodeURIComponent(testImage)}/json`);
    assert.equal(node.id, direct.body.Id);
    assert.equal(node.sizeText, formatSize(direct.body.Size));
    assert.match(node.ageText, /ago|just now/);
  });

  it('shows a running container with its published port as a 127.0.0.1 link that answers', async function () {
    const profile: RunProfile = {
      image: testImage,
      gpu: { kind: 'none' },
      shm: { kind: 'size', bytes: defaultShmBytes },
      ports: [mapping('127.0.0.1::8080')],
      mounts: [],
      env: [],
      restart: { name: 'no' },
      command: ['sh', '-c', 'mkdir -p /www && echo explorer-ok > /www/index.html && exec httpd -f -p 8080 -h /www'],
      labels: testLabel,
    };
    const run = await runProfile(await connection.api(), profile);
    assert.ok(run.ok, JSON.stringify(run));
    const { containers, gpuById } = await source.containers(await connection.api());
    const tree = buildContainerTree(containers, { nowMs: Date.now(), linkHost: '127.0.0.1', gpuById });
    const running = tree.find((g) => g.group === 'running');
    const node = running?.containers.find((c: ContainerNode) => c.id === run.id);
    assert.ok(node, 'the new container is in the Running group');
    assert.equal(node.image, testImage);
    assert.equal(node.state, 'running');
    assert.equal(node.gpu, undefined, 'a CPU container has no GPU badge');
    const port = node.ports.find((p) => p.containerPort === 8080);
    assert.ok(port?.url, JSON.stringify(node.ports));
    assert.equal(port.hostIp, '127.0.0.1');
    assert.match(port.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await waitForHttp(port.url)).trim(), 'explorer-ok');
  });
});
