import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { EngineContainerSummary } from '../../../src/core/docker/engine-json';
import { ExplorerSource } from '../../../src/infra/docker/explorer-source';
import { ProfileStore, type SavedProfile } from '../../../src/features/docker/profile-store';

function summary(id: string, labels: Record<string, string> = {}): EngineContainerSummary {
  return { Id: id, Names: [`/${id}`], Image: 'img', Created: 0, State: 'running', Status: 'Up', Labels: labels };
}

/** Just enough of dockerode for the explorer source: one list answer, inspect answers by ID, and call counts. */
function fakeDocker(list: () => EngineContainerSummary[], deviceRequests: Record<string, unknown[] | null>) {
  const calls = { list: 0, inspect: [] as string[] };
  const docker = {
    listContainers: () => {
      calls.list++;
      return Promise.resolve(list());
    },
    getContainer: (id: string) => ({
      inspect: () => {
        calls.inspect.push(id);
        return id in deviceRequests ? Promise.resolve({ HostConfig: { DeviceRequests: deviceRequests[id] } }) : Promise.reject(new Error('no such container'));
      },
    }),
  } as unknown as Docker;
  return { docker, calls };
}

describe('infra/docker/explorer-source', () => {
  it('one list call per refresh; inspects each container once ever, skips ones our CPU profile labelled', async () => {
    let containers = [summary('a'), summary('b'), summary('c', { 'mlc.profile': 'cpu' }), summary('gone')];
    const { docker, calls } = fakeDocker(() => containers, { a: [{ Driver: '', Count: -1, Capabilities: [['gpu']] }], b: null, c: null });
    const source = new ExplorerSource();
    const first = await source.containers(docker);
    assert.deepEqual(first.gpuById.get('a'), { kind: 'all' });
    assert.equal(first.gpuById.get('b'), undefined);
    assert.deepEqual(calls.inspect.sort(), ['a', 'b', 'gone']);
    containers = [summary('a'), summary('b'), summary('d')];
    const { docker: docker2, calls: calls2 } = fakeDocker(() => containers, { d: [{ Driver: 'nvidia', Count: 2 }] });
    const second = await source.containers(docker2);
    assert.equal(calls2.list, 1);
    assert.deepEqual(calls2.inspect, ['d'], 'known containers are not inspected again');
    assert.deepEqual(second.gpuById.get('d'), { kind: 'count', count: 2 });
    assert.equal(second.gpuById.has('c'), false, 'removed containers leave the cache');
  });
});

describe('infra/docker/explorer-source: concurrent refreshes', () => {
  it('a refresh during a load waits for it and shares one follow-up load; nothing is inspected twice', async () => {
    const { docker, calls } = fakeDocker(() => [summary('x'), summary('y')], { x: null, y: null });
    const source = new ExplorerSource();
    const results = await Promise.all([source.containers(docker), source.containers(docker), source.containers(docker)]);
    assert.equal(calls.list, 2, 'the first load and one shared follow-up');
    assert.deepEqual(calls.inspect.sort(), ['x', 'y']);
    assert.equal(results[1], results[2]);
  });
});

describe('features/docker/profile-store', () => {
  it('remembers one profile per image and the last one run; env values are never part of it', async () => {
    const data = new Map<string, unknown>();
    const memento = {
      get: <T>(key: string, fallback?: T) => (data.has(key) ? (data.get(key) as T) : fallback),
      update: (key: string, value: unknown) => {
        data.set(key, value);
        return Promise.resolve();
      },
      keys: () => [...data.keys()],
    };
    const store = new ProfileStore(memento);
    const profile: SavedProfile = { image: 'a:1', gpu: { kind: 'all' }, shm: { kind: 'ipc-host' }, ports: [], mounts: [], restart: { name: 'no' }, envFile: '/w/.env' };
    await store.save(profile);
    await store.save({ ...profile, image: 'b:2', gpu: { kind: 'none' } });
    assert.deepEqual(store.get('a:1'), profile);
    assert.equal(store.last()?.image, 'b:2');
    assert.ok(!JSON.stringify([...data.values()]).includes('Env'), 'no env values stored');
  });
});
