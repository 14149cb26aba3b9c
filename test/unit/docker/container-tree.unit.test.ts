import * as assert from 'node:assert/strict';
import { buildContainerTree, containerPorts, linkHostForEndpoint, parseHealth } from '../../../src/core/docker/container-tree';
import type { EngineContainerSummary } from '../../../src/core/docker/engine-json';
import { gpuBadge, summarizeGpuRequests, type GpuRequestSummary } from '../../../src/core/docker/gpu-request';
import { loadJson } from './support';

const now = 1764340200 * 1000;

describe('core/docker/container-tree', () => {
  const containers = loadJson<EngineContainerSummary[]>('containers.json');
  const gpuById = new Map<string, GpuRequestSummary | undefined>([
    ['1111111111111111111111111111111111111111111111111111111111111111', { kind: 'count', count: 2 }],
    ['4444444444444444444444444444444444444444444444444444444444444444', { kind: 'all' }],
  ]);

  it('groups Compose projects first, then splits running and stopped, sorted by name, with health and GPU badges', () => {
    const tree = buildContainerTree(containers, { nowMs: now, linkHost: '127.0.0.1', gpuById });
    assert.deepEqual(tree.map((g) => [g.group, g.label, g.description]), [
      ['compose', 'ml', 'compose · 1/1 running'],
      ['running', 'Running', '1'],
      ['stopped', 'Stopped', '2'],
    ]);
    assert.deepEqual(
      tree.map((g) => [g.label, g.containers.map((c) => [c.name, c.state, c.health ?? null, c.gpu ?? null, c.description])]),
      [
        ['ml', [['trainer', 'running', 'healthy', { kind: 'count', count: 2 }, 'pytorch/pytorch:latest · Up 5 minutes · healthy · GPU ×2']]],
        ['Running', [['api', 'running', 'starting', null, 'localhost:5000/team/sentiment-api:v2 · Up 2 seconds · starting']]],
        [
          'Stopped',
          [
            ['gpu-fail', 'created', null, { kind: 'all' }, 'pytorch/pytorch:latest · Created · GPU: all'],
            ['old-job', 'exited', null, null, 'busybox · Exited (0) 2 hours ago'],
          ],
        ],
      ],
    );
    const trainer = tree[0]?.containers[0];
    assert.equal(trainer?.composeProject, 'ml');
    assert.equal(trainer?.shortId, '111111111111');
  });

  it('merges IPv4/IPv6 duplicates; links published TCP ports reachable on loopback, not other bindings', () => {
    const [trainer, api] = [containers[0], containers[1]];
    assert.deepEqual(containerPorts('t', trainer?.Ports, '127.0.0.1'), [
      { kind: 'port', containerId: 't', containerPort: 6006, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 16006, url: 'http://127.0.0.1:16006', label: '127.0.0.1:16006 → 6006/tcp' },
      { kind: 'port', containerId: 't', containerPort: 8888, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18888, url: 'http://127.0.0.1:18888', label: '18888 → 8888/tcp' },
      { kind: 'port', containerId: 't', containerPort: 29500, protocol: 'tcp', label: '29500/tcp (not published)' },
    ]);
    const apiPorts = containerPorts('a', api?.Ports, '127.0.0.1');
    assert.deepEqual(apiPorts.map((p) => [p.label, p.url ?? null]), [
      ['127.0.0.1:5353 → 53/udp', null],
      ['192.168.1.5:5000 → 5000/tcp', null],
    ]);
  });

  it('reads health from the status text', () => {
    assert.equal(parseHealth('Up 3 minutes (healthy)'), 'healthy');
    assert.equal(parseHealth('Up 3 minutes (unhealthy)'), 'unhealthy');
    assert.equal(parseHealth('Up 1 second (health: starting)'), 'starting');
    assert.equal(parseHealth('Up 3 minutes'), undefined);
  });

  it('puts remote engine hosts into port links, loopback for local sockets', () => {
    assert.equal(linkHostForEndpoint('unix:///var/run/docker.sock'), '127.0.0.1');
    assert.equal(linkHostForEndpoint('npipe:////./pipe/docker_engine'), '127.0.0.1');
    assert.equal(linkHostForEndpoint('tcp://10.0.0.5:2376'), '10.0.0.5');
    assert.equal(linkHostForEndpoint('ssh://me@gpu-box'), 'gpu-box');
    assert.equal(linkHostForEndpoint('tcp://localhost:2375'), '127.0.0.1');
    const [port] = containerPorts('x', [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }], 'fd00::1');
    assert.equal(port?.url, 'http://[fd00::1]:8080');
  });

  it('stays fast with hundreds of containers', () => {
    const many: EngineContainerSummary[] = Array.from({ length: 600 }, (_, i) => ({
      Id: i.toString(16).padStart(64, '0'),
      Names: [`/c${i}`],
      Image: 'busybox',
      Created: 1764300000,
      State: i % 2 ? 'running' : 'exited',
      Status: i % 2 ? 'Up 1 minute' : 'Exited (0) 1 minute ago',
      Ports: [{ IP: '127.0.0.1', PrivatePort: 80, PublicPort: 20000 + i, Type: 'tcp' }],
    }));
    const tree = buildContainerTree(many, { nowMs: now, linkHost: '127.0.0.1' });
    assert.deepEqual(tree.map((g) => g.containers.length), [300, 300]);
  });
});

describe('core/docker/gpu-request', () => {
  it('summarizes DeviceRequests: all, a count, IDs; ignores non-GPU requests', () => {
    assert.deepEqual(summarizeGpuRequests([{ Driver: '', Count: -1, Capabilities: [['gpu']] }]), { kind: 'all' });
    assert.deepEqual(summarizeGpuRequests([{ Driver: '', Count: 2, Capabilities: [['gpu']] }]), { kind: 'count', count: 2 });
    assert.deepEqual(summarizeGpuRequests([{ Driver: 'nvidia', DeviceIDs: ['0', 'GPU-abc'], Capabilities: [['gpu', 'compute']] }]), { kind: 'ids', ids: ['0', 'GPU-abc'] });
    assert.deepEqual(summarizeGpuRequests([{ Driver: 'nvidia', Count: 0 }]), { kind: 'all' });
    assert.equal(summarizeGpuRequests([{ Driver: 'cdi', DeviceIDs: ['vendor.com/fpga=0'], Capabilities: [['fpga']] }]), undefined);
    assert.equal(summarizeGpuRequests(null), undefined);
    assert.equal(summarizeGpuRequests([]), undefined);
  });

  it('renders badges', () => {
    assert.equal(gpuBadge({ kind: 'all' }), 'GPU: all');
    assert.equal(gpuBadge({ kind: 'count', count: 1 }), 'GPU ×1');
    assert.equal(gpuBadge({ kind: 'ids', ids: ['0', '1'] }), 'GPU 0,1');
  });
});
