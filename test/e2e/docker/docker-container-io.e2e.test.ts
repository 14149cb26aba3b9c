import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { EngineEvent } from '../../../src/core/docker/engine-json';
import type { ExplorerView } from '../../../src/core/docker/events';
import { defaultShmBytes, profileToCreateOptions, type RunProfile } from '../../../src/core/docker/run-profile';
import { containerAction } from '../../../src/infra/docker/container-actions';
import { execCollect, openShell } from '../../../src/infra/docker/container-exec';
import { followLogs } from '../../../src/infra/docker/container-logs';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { watchExplorer } from '../../../src/infra/docker/explorer-watch';
import { runProfile } from '../../../src/infra/docker/run-container';
import { engineGet } from '../support/engine';
import { ensureTestImage, removeLabelled, testConnection, testImage, testLabel, TextCollector } from './support';

const base: RunProfile = {
  image: testImage,
  gpu: { kind: 'none' },
  shm: { kind: 'size', bytes: defaultShmBytes },
  ports: [],
  mounts: [],
  env: [],
  restart: { name: 'no' },
  labels: testLabel,
};

describe('Container logs, exec and events against the real engine', function () {
  this.timeout(120_000);
  let connection: DockerConnection;
  let docker: Docker;

  before(async function () {
    this.timeout(240_000);
    await ensureTestImage();
    connection = testConnection();
    docker = await connection.api();
  });

  after(async function () {
    connection?.dispose();
    await removeLabelled();
  });

  async function run(command: string[], extra: Partial<RunProfile> = {}): Promise<string> {
    const r = await runProfile(docker, { ...base, command, ...extra });
    assert.ok(r.ok, JSON.stringify(r));
    return r.id;
  }

  it('follow logs receives stdout and stderr lines the container prints, as they come', async function () {
    // The container prints "tick-1" … and waits for /go<i> before each next line (scratch image: no /tmp): output arrives while we follow.
    const id = await run(['sh', '-c', 'echo tick-1; echo warn-1 >&2; i=2; while [ $i -le 3 ]; do while [ ! -e /go$i ]; do sleep 0.05; done; echo tick-$i; i=$((i+1)); done; sleep 3600']);
    const streams = await connection.streams();
    const out = new TextCollector();
    const err = new TextCollector();
    const abort = new AbortController();
    const following = followLogs(streams, id, (text, stream) => (stream === 'stderr' ? err : out).push(text), { signal: abort.signal });
    await out.until((t) => t.includes('tick-1\n'), 'tick-1');
    await err.until((t) => t.includes('warn-1\n'), 'warn-1 on stderr');
    for (const i of [2, 3]) {
      assert.equal((await execCollect(docker, id, ['touch', `/go${i}`])).exitCode, 0);
      await out.until((t) => t.includes(`tick-${i}\n`), `tick-${i}`);
    }
    assert.equal(out.text, 'tick-1\ntick-2\ntick-3\n');
    assert.ok(!out.text.includes('warn'), 'stderr is demultiplexed away from stdout');
    abort.abort();
    await following;
  });

  it('follow logs with timestamps prefixes each line; a TTY container\'s raw output comes through', async function () {
    const id = await run(['sh', '-c', 'echo stamped; sleep 3600']);
    const out = new TextCollector();
    const abort = new AbortController();
    const following = followLogs(await connection.streams(), id, out.push, { timestamps: true, signal: abort.signal });
    await out.until((t) => t.includes('stamped'), 'stamped line');
    assert.match(out.text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z stamped\n/);
    abort.abort();
    await following;

    const tty = await docker.createContainer({ ...profileToCreateOptions({ ...base, command: ['sh', '-c', 'echo from-tty; sleep 3600'] }), Tty: true } as unknown as Docker.ContainerCreateOptions);
    await tty.start();
    const ttyOut = new TextCollector();
    const ttyAbort = new AbortController();
    const ttyFollowing = followLogs(await connection.streams(), tty.id, ttyOut.push, { signal: ttyAbort.signal });
    await ttyOut.until((t) => t.includes('from-tty\r\n'), 'TTY output (CRLF from the pty)');
    ttyAbort.abort();
    await ttyFollowing;
  });

  it('follow ends by itself when the container stops', async function () {
    const id = await run(['sh', '-c', 'echo bye; sleep 3600']);
    const out = new TextCollector();
    const following = followLogs(await connection.streams(), id, out.push);
    await out.until((t) => t.includes('bye'), 'bye');
    await containerAction(await connection.streams(), id, 'stop', { graceSeconds: 1 });
    await following;
  });

  it('exec round-trip: echo hi → "hi"', async function () {
    const id = await run(['sleep', '3600']);
    const r = await execCollect(docker, id, ['echo', 'hi']);
    assert.deepEqual(r, { stdout: 'hi\n', stderr: '', exitCode: 0 });
    const failing = await execCollect(docker, id, ['sh', '-c', 'echo nope >&2; exit 3']);
    assert.deepEqual(failing, { stdout: '', stderr: 'nope\n', exitCode: 3 });
  });

  it('interactive shell: a TTY exec that runs what is typed, follows resizes and reports the exit code', async function () {
    const id = await run(['sleep', '3600']);
    const shell = await openShell(await connection.streams(), id, { cols: 80, rows: 24 });
    const out = new TextCollector();
    shell.onData(out.push);
    shell.write('echo hi-$((40+2))\n');
    await out.until((t) => /\r\nhi-42\r\n/.test(t), 'the shell to run the command (hi-42, not the typed text)');
    shell.write('stty size\n');
    await out.until((t) => /\r\n24 80\r\n/.test(t), 'the initial size 24 80');
    await shell.resize(132, 43);
    shell.write('stty size\n');
    await out.until((t) => /\r\n43 132\r\n/.test(t), 'the new size 43 132 after resize');
    shell.write('exit 5\n');
    assert.equal(await shell.exited, 5);
  });

  it('the events stream delivers a container start; the explorer watch asks for one debounced refresh', async function () {
    const state = await connection.connect();
    assert.equal(state.kind, 'connected');
    const container = await docker.createContainer(profileToCreateOptions({ ...base, command: ['sleep', '3600'] }) as unknown as Docker.ContainerCreateOptions);
    const seen: EngineEvent[] = [];
    const started = new Promise<EngineEvent>((resolve) => {
      const sub = connection.onEvent((e) => {
        seen.push(e);
        if (e.Type === 'container' && e.Action === 'start' && e.Actor?.ID === container.id) {
          sub.dispose();
          resolve(e);
        }
      });
    });
    const refreshes: ExplorerView[][] = [];
    const refreshed = new Promise<void>((resolve) => {
      const watch = watchExplorer(connection, (views) => {
        refreshes.push([...views].sort());
        if (views.has('containers')) {
          watch.dispose();
          resolve();
        }
      }, { quietMs: 100, maxWaitMs: 1000 });
    });
    await container.start();
    const event = await started;
    assert.equal(event.Actor?.Attributes?.['mlc.test'], testLabel['mlc.test'], 'events carry the container labels');
    await refreshed;
    // The create event may land inside the same window (it also refreshes images: their container counts).
    assert.equal(refreshes.length, 1, `create + start in one burst → one refresh: ${JSON.stringify(refreshes)}`);
    assert.ok(refreshes[0]?.includes('containers'));
    const inspect = await engineGet<{ State: { Running: boolean } }>(`/containers/${container.id}/json`);
    assert.equal(inspect.body.State.Running, true);
  });

  it('stop, start, restart and remove', async function () {
    const id = await run(['sleep', '3600']);
    const state = async () => (await engineGet<{ State: { Status: string } }>(`/containers/${id}/json`)).body.State.Status;
    const lifecycle = await connection.streams();
    await containerAction(lifecycle, id, 'stop', { graceSeconds: 1 });
    assert.equal(await state(), 'exited');
    await containerAction(lifecycle, id, 'start');
    assert.equal(await state(), 'running');
    await containerAction(lifecycle, id, 'restart', { graceSeconds: 1 });
    assert.equal(await state(), 'running');
    await containerAction(lifecycle, id, 'remove');
    assert.equal((await engineGet(`/containers/${id}/json`)).status, 404);
  });
});
