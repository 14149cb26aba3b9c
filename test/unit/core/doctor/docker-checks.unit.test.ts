import * as assert from 'node:assert/strict';
import {
  checkDockerConfig,
  checkDockerEndpoint,
  checkDockerReachable,
  checkGpuRuntime,
  compareApiVersions,
  minimumDockerApi,
} from '../../../../src/core/doctor/docker-checks';
import type { DockerFacts, DockerFailureKind, DockerProbe } from '../../../../src/core/doctor/facts';
import { loadFacts } from '../../support/fixtures';

type OkProbe = Extract<DockerProbe, { ok: true }>;

const healthy = (): DockerFacts => loadFacts('healthy-gpu-workstation').docker;
const lockedOut = (): DockerFacts => loadFacts('locked-out-laptop').docker;

function withProbe(probe: Partial<OkProbe>): DockerFacts {
  const docker = healthy();
  docker.probe = { ...(docker.probe as OkProbe), ...probe };
  return docker;
}

function failed(kind: DockerFailureKind, extra: Partial<DockerFacts> = {}, code?: string): DockerFacts {
  return {
    configProblems: [],
    endpoint: { host: 'unix:///var/run/docker.sock', source: 'default' },
    probe: { ok: false, kind, ...(code ? { code } : {}), message: `probe failed (${kind})` },
    ...extra,
  };
}

describe('core/doctor/docker-checks', () => {
  describe('checkDockerConfig', () => {
    it('is ok and names the file when it was read without problems', () => {
      const f = checkDockerConfig(healthy());
      assert.deepEqual(f, {
        id: 'docker.config',
        area: 'docker',
        status: 'ok',
        title: 'Docker CLI configuration',
        summary: 'Read /home/ada/.docker/config.json without problems.',
      });
    });

    it('is ok and says defaults apply when there is no config file', () => {
      const f = checkDockerConfig({ configProblems: [] });
      assert.equal(f.status, 'ok');
      assert.equal(f.summary, 'No docker CLI configuration file; defaults apply.');
      assert.equal(f.fix, undefined);
    });

    it('warns with the problem as a detail and a fix when the file is broken', () => {
      const docker = lockedOut();
      const f = checkDockerConfig(docker);
      assert.equal(f.status, 'warning');
      assert.match(f.summary, /has a problem; the endpoint was resolved without the unreadable parts\.$/);
      assert.deepEqual(f.details, docker.configProblems);
      assert.match(f.fix ?? '', /valid JSON/);
    });

    it('counts several problems', () => {
      const f = checkDockerConfig({ configProblems: ['a: broken', 'context "x": missing', 'b: broken'] });
      assert.equal(f.status, 'warning');
      assert.match(f.summary, /has 3 problems;/);
      assert.equal(f.details?.length, 3);
    });
  });

  describe('checkDockerEndpoint', () => {
    it('is an error with a fix when nothing was resolved', () => {
      const f = checkDockerEndpoint({ configProblems: [] });
      assert.equal(f.id, 'docker.endpoint');
      assert.equal(f.status, 'error');
      assert.equal(f.summary, 'No Docker endpoint could be resolved.');
      assert.match(f.fix ?? '', /DOCKER_HOST/);
      assert.match(f.fix ?? '', /docker context use/);
      assert.match(f.fix ?? '', /mlc\.docker\.host/);
    });

    const cases: [DockerFacts['endpoint'], string][] = [
      [{ host: 'unix:///var/run/docker.sock', source: 'default' }, 'unix:///var/run/docker.sock (from the platform default).'],
      [{ host: 'tcp://10.1.2.3:2375', source: 'setting' }, 'tcp://10.1.2.3:2375 (from the `mlc.docker.host` setting).'],
      [{ host: 'unix:///run/user/1000/docker.sock', source: 'DOCKER_HOST' }, 'unix:///run/user/1000/docker.sock (from the DOCKER_HOST environment variable).'],
      [
        { host: 'ssh://ada@gpu-box', source: 'DOCKER_CONTEXT', contextName: 'gpu-box' },
        'ssh://ada@gpu-box (from the DOCKER_CONTEXT environment variable (context "gpu-box")).',
      ],
      [
        { host: 'unix:///Users/cy/.colima/default/docker.sock', source: 'docker-config', contextName: 'colima' },
        'unix:///Users/cy/.colima/default/docker.sock (from the current docker context "colima").',
      ],
      [
        { host: 'tcp://build-box.internal:2376', source: 'DOCKER_HOST', tls: { verify: true, certPath: '/certs' } },
        'tcp://build-box.internal:2376 (from the DOCKER_HOST environment variable, TLS with verification).',
      ],
      [
        { host: 'tcp://build-box.internal:2376', source: 'docker-config', contextName: 'build', tls: { verify: false } },
        'tcp://build-box.internal:2376 (from the current docker context "build", TLS).',
      ],
    ];
    for (const [endpoint, summary] of cases) {
      it(`describes ${endpoint?.source ?? ''} ${endpoint?.host ?? ''}${endpoint?.tls ? ' with TLS' : ''} as info`, () => {
        const f = checkDockerEndpoint({ configProblems: [], ...(endpoint ? { endpoint } : {}) });
        assert.equal(f.status, 'info');
        assert.equal(f.summary, summary);
        assert.equal(f.fix, undefined);
      });
    }
  });

  describe('compareApiVersions', () => {
    it('compares major and minor numerically, not as strings', () => {
      assert.equal(compareApiVersions('1.41', '1.41'), 0);
      assert.ok(compareApiVersions('1.40', '1.41') < 0);
      assert.ok(compareApiVersions('1.47', '1.41') > 0);
      assert.ok(compareApiVersions('1.9', '1.41') < 0);
      assert.ok(compareApiVersions('2.0', '1.99') > 0);
    });

    it('requires API 1.41 at least', () => {
      assert.equal(minimumDockerApi, '1.41');
    });
  });

  describe('checkDockerReachable', () => {
    it('is an error when there was no probe', () => {
      const f = checkDockerReachable({ configProblems: [] });
      assert.equal(f.status, 'error');
      assert.equal(f.summary, 'The Docker Engine was not probed because no endpoint was resolved.');
    });

    it('is ok with the version, API and platform when the engine answers', () => {
      const f = checkDockerReachable(healthy());
      assert.deepEqual(f, {
        id: 'docker.reachable',
        area: 'docker',
        status: 'ok',
        title: 'Docker Engine',
        summary: 'Docker Engine 27.3.1 (API 1.47, linux/amd64) answers.',
      });
    });

    it('accepts exactly the minimum API (1.41, Docker 20.10)', () => {
      const f = checkDockerReachable(withProbe({ serverVersion: '20.10.24', apiVersion: '1.41' }));
      assert.equal(f.status, 'ok');
    });

    it('is an error with an upgrade fix when the API is 1.40', () => {
      const f = checkDockerReachable(withProbe({ serverVersion: '19.03.15', apiVersion: '1.40' }));
      assert.equal(f.status, 'error');
      assert.match(f.summary, /^Docker Engine 19\.03\.15 \(API 1\.40\)\. /);
      assert.match(f.summary, /needs API 1\.41, Docker 20\.10, or newer/);
      assert.equal(f.fix, 'Upgrade the Docker Engine.');
    });

    it('treats API 1.9 as older than 1.41', () => {
      assert.equal(checkDockerReachable(withProbe({ apiVersion: '1.9' })).status, 'error');
    });

    describe('permission denied', () => {
      it('names the socket group in the fix (`usermod -aG docker`) and reports mode and group', () => {
        const f = checkDockerReachable(lockedOut());
        assert.equal(f.status, 'error');
        assert.equal(f.summary, 'The Docker socket exists but this user may not open it (permission denied).');
        assert.match(f.fix ?? '', /sudo usermod -aG docker \$USER/);
        assert.match(f.fix ?? '', /newgrp docker/);
        assert.match(f.fix ?? '', /Avoid making the socket world-writable/);
        assert.deepEqual(f.details, ['EACCES: connect EACCES /var/run/docker.sock', '/var/run/docker.sock has mode 660 and group docker.']);
      });

      it('uses the actual group name when it is not "docker"', () => {
        const docker = lockedOut();
        docker.socket = { ...docker.socket!, groupName: 'dockerroot' };
        const f = checkDockerReachable(docker);
        assert.match(f.fix ?? '', /`sudo usermod -aG dockerroot \$USER`/);
        assert.match(f.fix ?? '', /newgrp dockerroot/);
        assert.match(f.details?.[1] ?? '', /group dockerroot\.$/);
      });

      it('falls back to the gid when the group has no name, keeping the generic fix', () => {
        const docker = lockedOut();
        delete docker.socket!.groupName;
        const f = checkDockerReachable(docker);
        assert.deepEqual(f.details, ['EACCES: connect EACCES /var/run/docker.sock', '/var/run/docker.sock has mode 660 and group gid 998.']);
        assert.match(f.fix ?? '', /usermod -aG docker \$USER/);
      });

      it('adds no socket detail when the socket facts say it does not exist', () => {
        const f = checkDockerReachable(failed('permission-denied', { socket: { path: '/var/run/docker.sock', exists: false } }, 'EACCES'));
        assert.deepEqual(f.details, ['EACCES: probe failed (permission-denied)']);
      });
    });

    const failures: [DockerFailureKind, RegExp, RegExp][] = [
      ['socket-missing', /socket does not exist/, /systemctl start docker/],
      ['connection-refused', /Nothing accepts connections/, /Start the Docker daemon/],
      ['host-not-found', /does not resolve/, /docker context ls/],
      ['timeout', /did not answer in time/, /firewall/],
      ['tls', /TLS handshake .* failed/, /DOCKER_CERT_PATH/],
      ['api-too-old', /too old for this extension/, /Upgrade the Docker Engine/],
      ['unsupported-scheme', /scheme this check cannot probe/, /unix:\/\/, tcp:\/\/ or ssh:\/\//],
      ['other', /could not be reached/, /docker version/],
    ];
    for (const [kind, summary, fix] of failures) {
      it(`explains the ${kind} failure with a fix`, () => {
        const f = checkDockerReachable(failed(kind, {}, 'ECODE'));
        assert.equal(f.status, 'error');
        assert.match(f.summary, summary);
        assert.match(f.fix ?? '', fix);
        assert.deepEqual(f.details, [`ECODE: probe failed (${kind})`]);
      });
    }

    it('shows the message alone when the failure has no code', () => {
      const f = checkDockerReachable(failed('other'));
      assert.deepEqual(f.details, ['probe failed (other)']);
    });
  });

  describe('checkGpuRuntime', () => {
    it('is info (unknown) when the engine was not probed or failed', () => {
      for (const docker of [{ configProblems: [] }, lockedOut()]) {
        const f = checkGpuRuntime(docker);
        assert.equal(f.id, 'gpu.runtime');
        assert.equal(f.area, 'gpu');
        assert.equal(f.status, 'info');
        assert.match(f.summary, /^Unknown: /);
      }
    });

    it('is ok when the NVIDIA runtime is the default, with the GPU hints as details', () => {
      const f = checkGpuRuntime(healthy());
      assert.equal(f.status, 'ok');
      assert.equal(
        f.summary,
        'NVIDIA runtime present (nvidia); the default runtime is nvidia, so every container sees the GPUs unless told otherwise.',
      );
      assert.deepEqual(f.details, ['generic resource NVIDIA-GPU=4']);
    });

    it('is ok when the NVIDIA runtime is present but not the default, without details if there are no hints', () => {
      const f = checkGpuRuntime(withProbe({ runtimes: ['io.containerd.runc.v2', 'nvidia', 'nvidia-cdi', 'runc'], defaultRuntime: 'runc', gpuHints: [] }));
      assert.equal(f.status, 'ok');
      assert.equal(f.summary, 'NVIDIA runtime present (nvidia, nvidia-cdi); the default runtime is runc, so GPUs are given to containers that request them.');
      assert.equal('details' in f, false);
    });

    it('warns with the nvidia-ctk fix when no NVIDIA runtime is registered', () => {
      const f = checkGpuRuntime(loadFacts('cpu-build-box-cli').docker);
      assert.equal(f.status, 'warning');
      assert.match(f.summary, /^No NVIDIA runtime is registered with the engine \(runtimes: io\.containerd\.runc\.v2, runc\)/);
      assert.match(f.summary, /could not select device driver/);
      assert.match(f.fix ?? '', /sudo nvidia-ctk runtime configure --runtime=docker/);
      assert.match(f.fix ?? '', /CPU run profile/);
    });

    it('says "none" when the engine lists no runtimes at all', () => {
      const f = checkGpuRuntime(withProbe({ runtimes: [], defaultRuntime: 'runc' }));
      assert.equal(f.status, 'warning');
      assert.match(f.summary, /\(runtimes: none\)/);
    });
  });
});
