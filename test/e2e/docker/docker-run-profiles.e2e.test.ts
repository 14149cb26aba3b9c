import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { buildContainerTree } from '../../../src/core/docker/container-tree';
import { parseEnvFile } from '../../../src/core/docker/env-file';
import { gpuReadiness } from '../../../src/core/docker/gpu-errors';
import { parsePortSpec } from '../../../src/core/docker/port-spec';
import { cpuFallback, defaultShmBytes, profileToCreateOptions, type RunProfile } from '../../../src/core/docker/run-profile';
import type { DockerConnection } from '../../../src/infra/docker/docker-connection';
import { ExplorerSource } from '../../../src/infra/docker/explorer-source';
import { runProfile } from '../../../src/infra/docker/run-container';
import { engineGet } from '../support/engine';
import { waitFor } from '../support/process';
import { makeTempDir } from '../support/temp';
import { ensureTestImage, isConnected, removeLabelled, testConnection, testImage, testLabel } from './support';

interface InspectAnswer {
  Id: string;
  Config: { Env: string[]; Labels: Record<string, string>; ExposedPorts?: Record<string, unknown> };
  HostConfig: {
    DeviceRequests: { Driver: string; Count: number; DeviceIDs: string[] | null; Capabilities: string[][] | null }[] | null;
    ShmSize: number;
    IpcMode: string;
    PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null;
    Binds: string[] | null;
    RestartPolicy: { Name: string; MaximumRetryCount: number };
  };
  State: { Status: string; Running: boolean; Error: string };
}

const base: RunProfile = {
  image: testImage,
  gpu: { kind: 'none' },
  shm: { kind: 'size', bytes: defaultShmBytes },
  ports: [],
  mounts: [],
  env: [],
  restart: { name: 'no' },
  command: ['sleep', '3600'],
  labels: testLabel,
};

describe('GPU-aware run profiles against the real engine', function () {
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

  /** Creates (does not start) the profile's container and answers GET /containers/{id}/json, asked directly. */
  async function createAndInspect(profile: RunProfile): Promise<InspectAnswer> {
    const container = await docker.createContainer(profileToCreateOptions(profile) as unknown as Docker.ContainerCreateOptions);
    const res = await engineGet<InspectAnswer>(`/containers/${container.id}/json`);
    assert.equal(res.status, 200);
    return res.body;
  }

  it('CPU: no device requests, /dev/shm of 2 GiB, restart "no"', async function () {
    const c = await createAndInspect(base);
    assert.equal(c.HostConfig.DeviceRequests, null);
    assert.equal(c.HostConfig.ShmSize, 2 * 1024 ** 3);
    assert.notEqual(c.HostConfig.IpcMode, 'host');
    assert.deepEqual(c.HostConfig.RestartPolicy, { Name: 'no', MaximumRetryCount: 0 });
    assert.equal(c.Config.Labels['mlc.profile'], 'cpu');
  });

  it('all GPUs, N GPUs and specific IDs become the engine\'s DeviceRequests', async function () {
    const all = await createAndInspect({ ...base, gpu: { kind: 'all' } });
    assert.deepEqual(all.HostConfig.DeviceRequests, [{ Driver: '', Count: -1, DeviceIDs: null, Capabilities: [['gpu']], Options: null }]);
    const two = await createAndInspect({ ...base, gpu: { kind: 'count', count: 2 } });
    assert.deepEqual(two.HostConfig.DeviceRequests, [{ Driver: '', Count: 2, DeviceIDs: null, Capabilities: [['gpu']], Options: null }]);
    const ids = await createAndInspect({ ...base, gpu: { kind: 'ids', ids: ['0', 'GPU-8f4e'] } });
    assert.deepEqual(ids.HostConfig.DeviceRequests, [{ Driver: '', Count: 0, DeviceIDs: ['0', 'GPU-8f4e'], Capabilities: [['gpu']], Options: null }]);
  });

  it('ipc=host as the explicit alternative to a sized /dev/shm', async function () {
    const c = await createAndInspect({ ...base, shm: { kind: 'ipc-host' } });
    assert.equal(c.HostConfig.IpcMode, 'host');
  });

  it('ports on 127.0.0.1 by default, bind mounts, env from an env file, restart on-failure', async function () {
    const dir = await makeTempDir('run-profile');
    const data = path.join(dir, 'data');
    await fs.mkdir(data);
    const envFile = '# training\nLR=3e-4\nRUN_NAME="baseline"\nHF_HOME\n';
    const env = parseEnvFile(envFile, { HF_HOME: '/cache/hf' });
    const p = (s: string) => {
      const r = parsePortSpec(s);
      assert.ok(r.ok);
      return r.mapping;
    };
    const c = await createAndInspect({
      ...base,
      ports: [p('8888'), p('6006:6006'), p('0.0.0.0:5000:5000')],
      mounts: [{ source: dir, target: '/workspace' }, { source: data, target: '/data', readOnly: true }],
      env: env.env,
      restart: { name: 'on-failure', maximumRetryCount: 3 },
    });
    assert.deepEqual(c.HostConfig.PortBindings, {
      '8888/tcp': [{ HostIp: '127.0.0.1', HostPort: '8888' }],
      '6006/tcp': [{ HostIp: '127.0.0.1', HostPort: '6006' }],
      '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '5000' }],
    });
    assert.deepEqual(c.HostConfig.Binds, [`${dir}:/workspace`, `${data}:/data:ro`]);
    assert.deepEqual(c.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    for (const e of ['LR=3e-4', 'RUN_NAME="baseline"', 'HF_HOME=/cache/hf']) {
      assert.ok(c.Config.Env.includes(e), `${e} in ${JSON.stringify(c.Config.Env)}`);
    }
  });

  it('before a GPU run, the engine\'s runtimes say there is no NVIDIA runtime here', async function () {
    const state = await connection.connect();
    assert.ok(isConnected(state));
    const readiness = gpuReadiness(state.engine);
    assert.equal(readiness.ready, false);
    assert.match(readiness.summary, /No NVIDIA runtime/);
  });

  it('a GPU start fails with the engine\'s error, mapped to the clear sentence; the CPU fallback runs', async function () {
    const gpu = await runProfile(docker, { ...base, gpu: { kind: 'all' } });
    assert.equal(gpu.ok, false);
    assert.ok(!gpu.ok);
    assert.equal(gpu.stage, 'start');
    assert.match(gpu.message, /could not select device driver "" with capabilities: \[\[gpu\]\]/, 'the raw engine error is kept for the log');
    assert.equal(gpu.explanation?.kind, 'no-gpu-support');
    assert.match(gpu.explanation?.message ?? '', /^This container asks for GPUs, but this Docker Engine has no NVIDIA GPU support: .*nvidia-ctk runtime configure.*CPU profile\.$/);
    assert.equal(gpu.explanation?.offerCpu, true);
    assert.ok(gpu.id, 'the created container stays, as with docker run');

    // The explorer shows the failed container with its GPU badge (from inspect: the list has no DeviceRequests).
    const { containers, gpuById } = await new ExplorerSource().containers(docker);
    const node = buildContainerTree(containers, { nowMs: Date.now(), linkHost: '127.0.0.1', gpuById })
      .flatMap((g) => g.containers)
      .find((c) => c.id === gpu.id);
    assert.deepEqual(node?.gpu, { kind: 'all' });
    assert.match(node?.description ?? '', /GPU: all/);
    assert.equal(node?.running, false);

    const cpu = await runProfile(docker, cpuFallback({ ...base, gpu: { kind: 'all' } }));
    assert.ok(cpu.ok, JSON.stringify(cpu));
    await waitFor('the CPU container to run', async () => (await engineGet<InspectAnswer>(`/containers/${cpu.id}/json`)).body.State.Running, 20_000);
  });

  it('removeOnStartFailure leaves nothing behind', async function () {
    const gpu = await runProfile(docker, { ...base, gpu: { kind: 'count', count: 1 } }, { removeOnStartFailure: true });
    assert.ok(!gpu.ok);
    assert.equal(gpu.id, undefined);
    assert.equal(gpu.explanation?.kind, 'no-gpu-support');
  });
});
