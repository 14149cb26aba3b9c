import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { BuildEvent } from '../../../src/core/docker/build-progress';
import { buildSteps, locateFailure } from '../../../src/core/docker/build-steps';
import { buildImage } from '../../../src/infra/docker/build-image';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { repoRoot, runId } from '../support/paths';
import { runProcess } from '../support/process';
import { removeBuildImages } from './build-support';
import { ensureTestImage, removeLabelled, testConnection, testImage, testLabel } from './support';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'docker', 'build');
const base = { BASE: testImage };

async function labelledContainers(): Promise<string[]> {
  const r = await runProcess('docker', ['--host', 'unix:///var/run/docker.sock', 'ps', '-aq', '--no-trunc', '--filter', `label=mlc.test=${runId}`], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

describe('Build through the Engine API (legacy builder)', function () {
  this.timeout(180_000);
  let connection: DockerConnection;
  let docker: Docker;

  before(async function () {
    await ensureTestImage();
    connection = testConnection();
    docker = await connection.streams();
  });

  after(async function () {
    connection?.dispose();
    await removeBuildImages();
    await removeLabelled();
  });

  it('builds a target stage with .dockerignore honoured, reporting every step in the Dockerfile order', async function () {
    const events: BuildEvent[] = [];
    const tag = `mlc-e2e-build:${runId}`;
    const outcome = await buildImage(docker, {
      contextDir: path.join(fixtures, 'ok'),
      request: { dockerfile: 'Dockerfile', tags: [tag], buildArgs: base, target: 'base', labels: testLabel },
      onEvent: (e) => events.push(e),
    });
    assert.equal(outcome.kind, 'built', JSON.stringify(outcome.events.filter((e) => e.kind !== 'output')));
    const steps = events.filter((e): e is Extract<BuildEvent, { kind: 'step' }> => e.kind === 'step');
    const text = await fs.readFile(path.join(fixtures, 'ok', 'Dockerfile'), 'utf8');
    const expected = buildSteps(text, 'base', true);
    // The target stops the build after stage "base"; the meta ARG counts as step 1; labels add a last LABEL step.
    assert.deepEqual(steps.map((s) => [s.step, s.total, s.instruction.split(' ')[0]]), expected.map((s) => [s.step, expected.length, s.keyword]));
    const inspect = (await docker.getImage(tag).inspect()) as { Id: string; Config: { Labels: Record<string, string> } };
    assert.equal(inspect.Config.Labels['mlc.test'], runId);
    assert.ok(outcome.kind === 'built' && outcome.imageId && inspect.Id.includes(outcome.imageId));
  });

  it('a failing RUN maps to the Dockerfile line of that instruction', async function () {
    const outcome = await buildImage(docker, {
      contextDir: path.join(fixtures, 'fail'),
      request: { dockerfile: 'Dockerfile', tags: [`mlc-e2e-build-fail:${runId}`], buildArgs: base, labels: testLabel },
    });
    assert.equal(outcome.kind, 'failed');
    const text = await fs.readFile(path.join(fixtures, 'fail', 'Dockerfile'), 'utf8');
    const failure = locateFailure(outcome.events, buildSteps(text, undefined, true));
    assert.ok(failure?.step, JSON.stringify(failure));
    assert.equal(failure.step.range.start.line, 4);
    assert.equal(failure.step.range.end.line, 5);
    assert.match(failure.message, /returned a non-zero code: 3/);
    assert.deepEqual(await labelledContainers(), [], 'force-rm removes the failed step container');
  });

  it('cancelling mid-step aborts the build and leaves no intermediate container behind', async function () {
    const controller = new AbortController();
    const started: string[] = [];
    const outcome = await buildImage(docker, {
      contextDir: path.join(fixtures, 'cancel'),
      // A fresh NONCE defeats the layer cache, so the sleeping step really runs.
      request: { dockerfile: 'Dockerfile', tags: [`mlc-e2e-build-cancel:${runId}`], buildArgs: { ...base, NONCE: `${runId}-${Date.now()}` }, labels: testLabel },
      signal: controller.signal,
      onEvent: (e) => {
        if (e.kind === 'container') {
          started.push(e.id);
        }
        if (e.kind === 'output' && e.text.includes(runId)) {
          controller.abort();
        }
      },
    });
    assert.equal(outcome.kind, 'cancelled');
    assert.ok(started.length > 0, 'the sleeping step started a container');
    for (const id of started) {
      const r = await runProcess('docker', ['--host', 'unix:///var/run/docker.sock', 'container', 'inspect', id], { timeoutMs: 30_000 });
      assert.notEqual(r.code, 0, `intermediate container ${id} is gone`);
    }
    assert.deepEqual(await labelledContainers(), []);
  });
});
