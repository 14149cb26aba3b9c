import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { connectionFailureView } from '../../../src/core/docker/connection-message';
import type { ExplorerView } from '../../../src/core/docker/events';
import { defaultShmBytes, profileToCreateOptions } from '../../../src/core/docker/run-profile';
import { DockerUnavailableError, type DockerConnection } from '../../../src/infra/docker/docker-connection';
import { watchExplorer } from '../../../src/infra/docker/explorer-watch';
import { engineAnswers, ensureEngineRunning, provision } from '../support/engine';
import { waitFor } from '../support/process';
import { ensureTestImage, isConnected, isFailed, removeLabelled, testConnection, testImage, testLabel, waitForState } from './support';

describe('Docker connection: the daemon stops and comes back while a view is open', function () {
  this.timeout(180_000);
  let connection: DockerConnection;
  const refreshes: ExplorerView[][] = [];
  let watch: { dispose(): void } | undefined;

  before(async function () {
    this.timeout(240_000);
    await ensureTestImage();
    connection = testConnection();
    watch = watchExplorer(connection, (views) => refreshes.push([...views].sort()), { quietMs: 50, maxWaitMs: 200 });
    connection.setActive(true);
    await waitForState(connection, isConnected, 30_000);
  });

  after(async function () {
    this.timeout(240_000);
    watch?.dispose();
    connection?.dispose();
    // Whatever happened above, leave the engine running for the files that follow.
    await ensureEngineRunning();
    await removeLabelled();
  });

  it('reports the classified failure once the daemon stops, as the views\' message node', async function () {
    const failedSoon = waitForState(connection, isFailed, 60_000);
    const stopped = await provision('stop');
    assert.equal(stopped.code, 0, stopped.stdout + stopped.stderr);
    const failed = await failedSoon;
    assert.ok(failed.failure.kind === 'socket-missing' || failed.failure.kind === 'connection-refused', `${failed.failure.kind}: ${failed.failure.code ?? ''} ${failed.failure.message}`);
    const view = connectionFailureView(failed.failure, failed.endpoint, failed.socket);
    assert.equal(view.label, 'Cannot reach Docker: the daemon is not running');
    assert.equal(view.endpointText, 'unix:///var/run/docker.sock (default)');
    assert.match(view.fix ?? '', /[Ss]tart the (Docker )?daemon/);
    assert.ok(failed.retryInMs !== undefined, 'a visible view keeps retrying with backoff');
    // Commands get the same classified failure, not a raw socket error.
    await assert.rejects(connection.api(), (err: unknown) => err instanceof DockerUnavailableError && (err.failure.kind === 'socket-missing' || err.failure.kind === 'connection-refused'));
    const failures = refreshes.length;
    // Retries keep failing the same way: the views are not re-rendered for each attempt.
    await waitForState(connection, (s): s is typeof s => s.kind === 'failed' && s.attempt >= 3, 30_000);
    assert.equal(refreshes.length, failures, 'one refresh for the failure, none per retry');
  });

  it('recovers by itself when the daemon is back: connected, views refreshed, events flowing again', async function () {
    const refreshesBefore = refreshes.length;
    const back = waitForState(connection, isConnected, 90_000);
    const started = await provision('start');
    assert.equal(started.code, 0, started.stdout + started.stderr);
    await waitFor('the engine to answer', engineAnswers, 60_000);
    await back;
    await waitFor('a refresh of both views after reconnecting', () => refreshes.slice(refreshesBefore).some((v) => v.includes('containers') && v.includes('images')), 10_000);

    // The new events stream delivers events: start a container and see it.
    const docker = await connection.api();
    const container = await docker.createContainer(
      profileToCreateOptions({ image: testImage, gpu: { kind: 'none' }, shm: { kind: 'size', bytes: defaultShmBytes }, ports: [], mounts: [], env: [], restart: { name: 'no' }, command: ['sleep', '3600'], labels: testLabel }) as unknown as Docker.ContainerCreateOptions,
    );
    const seen = new Promise<void>((resolve) => {
      const sub = connection.onEvent((e) => {
        if (e.Action === 'start' && e.Actor?.ID === container.id) {
          sub.dispose();
          resolve();
        }
      });
    });
    await container.start();
    await seen;
  });
});
