import * as assert from 'node:assert/strict';
import { formatByteSize, parseByteSize } from '../../../src/core/docker/byte-size';
import { defaultMappingsForExposedPorts, formatPortMapping, parsePortSpec, type PortMapping } from '../../../src/core/docker/port-spec';
import { cpuFallback, defaultShmBytes, describeProfile, profileToCreateOptions, suggestBindMounts, type RunProfile } from '../../../src/core/docker/run-profile';

const base: RunProfile = {
  image: 'local/train:latest',
  gpu: { kind: 'none' },
  shm: { kind: 'size', bytes: defaultShmBytes },
  ports: [],
  mounts: [],
  env: [],
  restart: { name: 'no' },
};

const jupyter: PortMapping = { hostIp: '127.0.0.1', hostPort: 8888, containerPort: 8888, protocol: 'tcp' };

describe('core/docker/run-profile: profileToCreateOptions', () => {
  it('CPU: no DeviceRequests, 2 GiB /dev/shm, nothing published, restart no', () => {
    assert.deepEqual(profileToCreateOptions(base), {
      Image: 'local/train:latest',
      Env: [],
      Labels: { 'mlc.profile': 'cpu' },
      ExposedPorts: {},
      HostConfig: { ShmSize: 2147483648, PortBindings: {}, Binds: [], RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } },
    });
  });

  it('all GPUs: the request `docker run --gpus all` sends', () => {
    const o = profileToCreateOptions({ ...base, gpu: { kind: 'all' } });
    assert.deepEqual(o.HostConfig.DeviceRequests, [{ Driver: '', Count: -1, Capabilities: [['gpu']] }]);
    assert.equal(o.Labels['mlc.profile'], 'gpu-all');
  });

  it('N GPUs and specific IDs', () => {
    assert.deepEqual(profileToCreateOptions({ ...base, gpu: { kind: 'count', count: 2 } }).HostConfig.DeviceRequests, [{ Driver: '', Count: 2, Capabilities: [['gpu']] }]);
    assert.deepEqual(profileToCreateOptions({ ...base, gpu: { kind: 'ids', ids: ['0', 'GPU-3f2a'] } }).HostConfig.DeviceRequests, [
      { Driver: '', DeviceIDs: ['0', 'GPU-3f2a'], Capabilities: [['gpu']] },
    ]);
  });

  it('ipc=host instead of a sized /dev/shm when chosen explicitly', () => {
    const hc = profileToCreateOptions({ ...base, shm: { kind: 'ipc-host' } }).HostConfig;
    assert.equal(hc.IpcMode, 'host');
    assert.equal(hc.ShmSize, undefined);
  });

  it('the exact HostConfig of a full GPU profile: ports on 127.0.0.1, binds, env, restart on-failure, labels, command, name', () => {
    const profile: RunProfile = {
      image: 'local/train:latest',
      name: 'train-1',
      gpu: { kind: 'count', count: 1 },
      shm: { kind: 'size', bytes: 8 * 1024 ** 3 },
      ports: [jupyter, { hostIp: '127.0.0.1', hostPort: 0, containerPort: 6006, protocol: 'tcp' }, { hostIp: '0.0.0.0', hostPort: 5353, containerPort: 53, protocol: 'udp' }],
      mounts: [{ source: '/home/me/proj', target: '/workspace' }, { source: '/data/imagenet', target: '/data', readOnly: true }],
      env: ['HF_HOME=/workspace/.cache', 'WANDB_MODE=offline'],
      restart: { name: 'on-failure', maximumRetryCount: 3 },
      command: ['python', 'train.py'],
      labels: { 'mlc.test': 'run1' },
    };
    assert.deepEqual(profileToCreateOptions(profile), {
      name: 'train-1',
      Image: 'local/train:latest',
      Cmd: ['python', 'train.py'],
      Env: ['HF_HOME=/workspace/.cache', 'WANDB_MODE=offline'],
      Labels: { 'mlc.test': 'run1', 'mlc.profile': 'gpu-count' },
      ExposedPorts: { '8888/tcp': {}, '6006/tcp': {}, '53/udp': {} },
      HostConfig: {
        DeviceRequests: [{ Driver: '', Count: 1, Capabilities: [['gpu']] }],
        ShmSize: 8589934592,
        PortBindings: {
          '8888/tcp': [{ HostIp: '127.0.0.1', HostPort: '8888' }],
          '6006/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
          '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
        },
        Binds: ['/home/me/proj:/workspace', '/data/imagenet:/data:ro'],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      },
    });
  });

  it('restart policies other than on-failure carry no retry count', () => {
    for (const name of ['always', 'unless-stopped'] as const) {
      assert.deepEqual(profileToCreateOptions({ ...base, restart: { name, maximumRetryCount: 5 } }).HostConfig.RestartPolicy, { Name: name, MaximumRetryCount: 0 });
    }
  });

  it('CPU fallback keeps everything but the GPUs; descriptions read well', () => {
    const gpu: RunProfile = { ...base, gpu: { kind: 'all' }, ports: [jupyter], mounts: [{ source: '/p', target: '/workspace' }], restart: { name: 'unless-stopped' } };
    assert.deepEqual(cpuFallback(gpu), { ...gpu, gpu: { kind: 'none' } });
    assert.equal(describeProfile(gpu), 'GPU: all · shm 2g · 127.0.0.1:8888→8888 · 1 mount · restart unless-stopped');
    assert.equal(describeProfile({ ...base, shm: { kind: 'ipc-host' } }), 'CPU · ipc=host');
  });

  it('suggests the workspace and its data/model folders as bind mounts', () => {
    assert.deepEqual(suggestBindMounts('/home/me/proj/', ['src', 'data', 'Models', 'checkpoints', 'notebooks']), [
      { source: '/home/me/proj', target: '/workspace' },
      { source: '/home/me/proj/data', target: '/data' },
      { source: '/home/me/proj/Models', target: '/models' },
      { source: '/home/me/proj/checkpoints', target: '/checkpoints' },
    ]);
  });
});

describe('core/docker/port-spec', () => {
  it('binds to 127.0.0.1 unless an address is given', () => {
    assert.deepEqual(parsePortSpec('8888'), { ok: true, mapping: jupyter });
    assert.deepEqual(parsePortSpec('8080:80'), { ok: true, mapping: { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' } });
    assert.deepEqual(parsePortSpec('0.0.0.0:8080:80'), { ok: true, mapping: { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' } });
    assert.deepEqual(parsePortSpec('[::1]:8080:80'), { ok: true, mapping: { hostIp: '::1', hostPort: 8080, containerPort: 80, protocol: 'tcp' } });
    assert.deepEqual(parsePortSpec('127.0.0.1::80'), { ok: true, mapping: { hostIp: '127.0.0.1', hostPort: 0, containerPort: 80, protocol: 'tcp' } });
    assert.deepEqual(parsePortSpec(' 5353:53/udp '), { ok: true, mapping: { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' } });
  });

  it('rejects what is not a port mapping, saying why', () => {
    for (const [spec, why] of [
      ['abc', /not a container port/],
      ['70000', /not a container port/],
      ['8080:0', /not a container port/],
      ['8080:80/icmp', /unknown protocol/],
      ['host:8080:80', /not an IPv4 address/],
      ['1:2:3:4', /not a port mapping/],
    ] as const) {
      const r = parsePortSpec(spec);
      assert.equal(r.ok, false, spec);
      assert.match(r.ok ? '' : r.problem, why, spec);
    }
  });

  it('formats mappings and turns an image\'s ExposedPorts into loopback defaults', () => {
    assert.equal(formatPortMapping(jupyter), '127.0.0.1:8888:8888');
    assert.equal(formatPortMapping({ hostIp: '::1', hostPort: 0, containerPort: 53, protocol: 'udp' }), '[::1]::53/udp');
    assert.deepEqual(defaultMappingsForExposedPorts({ '8888/tcp': {}, '6006/tcp': {} }).map(formatPortMapping), ['127.0.0.1:6006:6006', '127.0.0.1:8888:8888']);
    assert.deepEqual(defaultMappingsForExposedPorts(null), []);
  });
});

describe('core/docker/byte-size', () => {
  it('parses --shm-size spellings in binary units', () => {
    assert.equal(parseByteSize('2g'), 2 * 1024 ** 3);
    assert.equal(parseByteSize('512m'), 512 * 1024 ** 2);
    assert.equal(parseByteSize('64MB'), 64 * 1024 ** 2);
    assert.equal(parseByteSize('1.5G'), 1.5 * 1024 ** 3);
    assert.equal(parseByteSize('4096'), 4096);
    assert.equal(parseByteSize('lots'), undefined);
    assert.equal(parseByteSize('0'), undefined);
  });

  it('formats exact sizes compactly', () => {
    assert.equal(formatByteSize(2 * 1024 ** 3), '2g');
    assert.equal(formatByteSize(512 * 1024 ** 2), '512m');
    assert.equal(formatByteSize(1000), '1000b');
  });
});
