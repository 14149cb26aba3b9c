import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { namedContextsNear } from '../../../src/infra/lint/named-contexts';
import { useLintRepo } from './support/lint-repo';

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
  message: string;
}

const pipRule = 'MLD304';

/** RealtimeSTT's shape: a `gpu` stage that Compose builds, then a `cpu` variant as the last stage. */
const gpuThenCpu = `FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS gpu
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*
RUN pip3 install --break-system-packages torch==2.7.1
USER 10001
CMD ["python3", "-m", "http.server"]

FROM ubuntu:24.04 AS cpu
RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*
RUN pip3 install --break-system-packages --index-url https://download.pytorch.org/whl/cpu torch==2.7.1
USER 10001
CMD ["python3", "-m", "http.server"]
`;

const composeBuilding = (...targets: string[]): string => `services:\n${targets.map((t, i) => `  app${i}:\n    build: {context: ., target: ${t}}\n    image: example/app-${t}:1.0\n`).join('')}`;

function findings(out: string, ruleId: string, file = 'Dockerfile'): number[] {
  return (JSON.parse(out) as JsonFinding[]).filter((f) => f.ruleId === ruleId && f.file === file).map((f) => f.line);
}

const json = ['--format', 'json', '--failure-threshold', 'none'];

describe('mlc lint: Compose build.target sets the final stage of the per-file Dockerfile rules (s34)', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('compose-targets');

  it('the stage Compose builds is judged, the unbuilt last stage is not, on this thread or a worker', async () => {
    write('Dockerfile', gpuThenCpu);
    write('docker-compose.yml', composeBuilding('gpu'));
    for (const run of [() => lint('.', ...json), () => lintWithWorkers(1, '.', ...json)]) {
      const { out } = await run();
      assert.deepEqual(findings(out, pipRule), [3]);
      assert.deepEqual(findings(out, 'MLD405'), [3]);
    }
  });

  it('also when only the Dockerfile is named: the Compose file beside it is read', async () => {
    write('Dockerfile', gpuThenCpu);
    write('compose.yaml', composeBuilding('gpu'));
    const { out } = await lint('Dockerfile', ...json);
    assert.deepEqual(findings(out, pipRule), [3]);
  });

  it('a Compose file linted in a sibling folder (context: ..) counts too', async () => {
    write('Dockerfile', gpuThenCpu);
    write('deploy/docker-compose.yml', 'services:\n  app:\n    build: {context: .., target: gpu}\n    image: example/app:1.0\n');
    const { out } = await lint('.', ...json);
    assert.deepEqual(findings(out, pipRule), [3]);
  });

  it('services that build different stages: each is judged once, and a stage none builds is not', async () => {
    // Built: gpu and cpu; `dev`, the last stage, is built by no service.
    write('Dockerfile', `${gpuThenCpu}\nFROM cpu AS dev\nRUN pip3 install --break-system-packages pytest==8.3.5\n`);
    write('docker-compose.yml', composeBuilding('gpu', 'cpu'));
    const { out } = await lint('.', ...json);
    assert.deepEqual(findings(out, pipRule), [3, 9]);
  });

  it('a service without a target builds the last stage, beside one with a target', async () => {
    write('Dockerfile', gpuThenCpu);
    write('docker-compose.yml', 'services:\n  gpu:\n    build: {context: ., target: gpu}\n  cpu:\n    build: .\n');
    const { out } = await lint('.', ...json);
    assert.deepEqual(findings(out, pipRule), [3, 9]);
  });

  it('.mlc.yaml dockerfiles.<path>.target wins over Compose', async () => {
    write('Dockerfile', gpuThenCpu);
    write('docker-compose.yml', composeBuilding('gpu'));
    write('.mlc.yaml', 'dockerfiles:\n  Dockerfile:\n    target: cpu\n');
    const { out } = await lint('.', ...json);
    assert.deepEqual(findings(out, pipRule), [9]);
  });
});

describe('mlc lint: a Dockerfile that only a Compose build.dockerfile names is linted (s34)', () => {
  const repo = useLintRepo('compose-dockerfiles');
  const { write, lint } = repo;
  const root = (): string => repo.root;
  // SwarmUI's launchtools/StandardDockerfile.docker: apt alone, which MLD504 reports.
  const swarm = 'FROM ubuntu:22.04\nRUN apt update && apt install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nUSER 10001\n';
  const compose = 'services:\n  swarmui:\n    image: swarmui\n    build:\n      context: .\n      dockerfile: launchtools/StandardDockerfile.docker\n';
  const linted = async (...paths: string[]): Promise<string | undefined> => /(\d+) file\(s\) linted/.exec((await lint(...paths, '--failure-threshold', 'none')).err)?.[1];

  it('in a folder walk, whatever its name', async () => {
    write('launchtools/StandardDockerfile.docker', swarm);
    write('docker-compose.yml', compose);
    const { out } = await lint('.', ...json);
    assert.deepEqual(findings(out, 'MLD504', 'launchtools/StandardDockerfile.docker'), [2]);
    assert.equal(await linted('.'), '2');
  });

  it('not when it lies outside the folders linted, nor when only the Compose file is named', async () => {
    write('launchtools/StandardDockerfile.docker', swarm);
    write('app/docker-compose.yml', compose.replace('context: .', 'context: ..'));
    assert.equal(await linted('app'), '1');
    write('docker-compose.yml', compose);
    assert.equal(await linted('docker-compose.yml'), '1');
    assert.equal(await linted('docker-compose.yml', 'launchtools/StandardDockerfile.docker'), '2', 'named, it is linted');
  });

  it('not through a symlink out of the repository, to the file or a folder above it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'StandardDockerfile.docker'), swarm);
      write('docker-compose.yml', compose);
      fs.mkdirSync(path.join(root(), 'launchtools'));
      fs.symlinkSync(path.join(outside, 'StandardDockerfile.docker'), path.join(root(), 'launchtools', 'StandardDockerfile.docker'));
      assert.equal(await linted('.'), '1');
      fs.rmSync(path.join(root(), 'launchtools'), { recursive: true });
      fs.symlinkSync(outside, path.join(root(), 'launchtools'));
      assert.equal(await linted('.'), '1', 'nor through a linked folder');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a Dockerfile the walk finds anyway is linted once', async () => {
    write('Dockerfile', swarm);
    write('docker-compose.yml', 'services:\n  a:\n    build: .\n  b:\n    build: {context: ., dockerfile: Dockerfile}\n');
    const { out } = await lint('.', ...json);
    assert.deepEqual(findings(out, 'MLD504'), [2]);
    assert.equal(await linted('.'), '2');
  });
});

describe('lintDockerfile with the stages Compose builds (s34)', () => {
  const secretInGpu = gpuThenCpu.replace('USER 10001\nCMD', 'ARG HF_TOKEN\nUSER 10001\nCMD');

  it('a finding on a stage one build ships speaks of that image, not of a builder stage', () => {
    const result = lintDockerfile(secretInGpu, { targets: ['cpu', 'gpu'] });
    const secrets = result.findings.filter((f) => f.ruleId === 'MLD101');
    assert.equal(secrets.length, 1);
    assert.match((secrets[0] as { message: string }).message, /persist in the image/);
  });

  it('targets that name the same stage lint it once', () => {
    const once = lintDockerfile(gpuThenCpu, { targets: ['gpu'] }).findings;
    assert.deepEqual(lintDockerfile(gpuThenCpu, { targets: ['gpu', 'GPU'] }).findings, once);
    assert.ok(once.some((f) => f.ruleId === pipRule && f.range.start.line === 3));
  });
});

describe('namedContextsNear gives the editor the stages Compose builds (s34)', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-targets-near-'));
    fs.mkdirSync(path.join(root, '.git'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the targets of the Compose builds of this Dockerfile, undefined for a build of the last stage', () => {
    fs.writeFileSync(path.join(root, 'Dockerfile'), gpuThenCpu);
    fs.writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  a:\n    build: {context: ., target: gpu}\n  b:\n    build: .\n  c:\n    build: {context: ., dockerfile: other.Dockerfile, target: x}\n');
    assert.deepEqual(namedContextsNear(path.join(root, 'Dockerfile'), root).targets, ['gpu', undefined]);
  });
});
