import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { variantBaseFor } from '../../../../src/core/lint/compose/extends-files';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';
import { useLintRepo } from '../support/lint-repo';

// HouseGarofalo/atlas-vox docker/docker-compose.gpu.yml (trimmed): "Usage: docker compose -f docker/docker-compose.yml
// -f docker/docker-compose.gpu.yml up". Its GPU worker depends on the main file's redis.
const main = 'services:\n  redis:\n    image: redis:7.2-alpine\n  api:\n    image: acme/atlas-vox:1\n    depends_on: [redis]\n';
const gpu = 'services:\n  gpu-worker:\n    image: acme/atlas-vox-gpu:1\n    shm_size: 8gb\n    depends_on:\n      - redis\n      - postgres\n';
const mlc009 = (r: ReturnType<typeof lintCompose>) => r.findings.filter((f) => f.ruleId === 'MLC009').map((f) => `${f.range.start.line}: ${f.message}`);

describe('Compose variant files (docker-compose.gpu.yml) run with the main file beside them', () => {
  it('names the main file a variant file is run with, and none for main, override or other files', () => {
    const names = new Set(['docker-compose.yml', 'docker-compose.gpu.yml', 'compose.dev.yaml', 'docker-compose.override.yml', 'stack.yml']);
    assert.equal(variantBaseFor('docker-compose.gpu.yml', names), 'docker-compose.yml');
    assert.equal(variantBaseFor('compose.dev.yaml', names), 'docker-compose.yml');
    for (const name of ['docker-compose.yml', 'docker-compose.override.yml', 'stack.yml']) {
      assert.equal(variantBaseFor(name, names), undefined, name);
    }
    assert.equal(variantBaseFor('docker-compose.gpu.yml', new Set(['docker-compose.gpu.yml'])), undefined);
  });

  it('MLC009: a dependency on a main-file service is defined; one on a service defined nowhere is still reported', () => {
    assert.equal(mlc009(lintCompose(gpu, { config: emptyConfig(), path: 'docker/docker-compose.gpu.yml' })).length, 2);
    assert.deepEqual(mlc009(lintCompose(gpu, { config: emptyConfig(), path: 'docker/docker-compose.gpu.yml', baseFile: main })), [
      '7: Service "gpu-worker" depends on "postgres", which this file does not define, so `compose up` fails; define the service or remove the dependency.',
    ]);
  });

  it('a partial service of the variant (no image or build) completes the main file\'s service of its name', () => {
    // The common GPU variant: docker-compose.gpu.yml only adds the GPU reservation to the main file's api.
    const gpuOnly = 'services:\n  api:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n';
    const base = (extra: string) => `services:\n  api:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    ports: ["8000:8000"]\n${extra}`;
    const ids = (r: ReturnType<typeof lintCompose>) => r.findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
    assert.deepEqual(ids(lintCompose(gpuOnly, { config: emptyConfig(), path: 'docker-compose.gpu.yml' })), [], 'without the main file: a fragment');
    assert.deepEqual(ids(lintCompose(gpuOnly, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: base('') })), ['MLC405@2']);
    assert.deepEqual(ids(lintCompose(gpuOnly, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: base('    shm_size: 16gb\n') })), [], 'the main file\'s shm_size holds');
  });

  it('a variant service that only swaps the image or build (and adds GPUs) completes the main file\'s service; one that restates it is whole', () => {
    // Abduaziz3455/uz_embedding_benchmark docker-compose.gpu.yml (trimmed): "Override: swaps to the CUDA Dockerfile and
    // reserves an NVIDIA GPU", run with `-f docker-compose.yml -f docker-compose.gpu.yml`; the main file shares the IPC namespace.
    const main = 'services:\n  benchmark:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    image: bench:cpu\n    ipc: host\n    volumes:\n      - ./results:/app/results\n    command: ["list"]\n';
    const swap = 'services:\n  benchmark:\n    build:\n      dockerfile: Dockerfile.gpu\n    image: bench:gpu\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n';
    const shm = (r: ReturnType<typeof lintCompose>) => r.findings.filter((f) => f.ruleId === 'MLC405').map((f) => f.range.start.line);
    assert.deepEqual(shm(lintCompose(swap, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: main })), [], 'the main file\'s ipc: host holds');
    assert.deepEqual(shm(lintCompose(swap, { config: emptyConfig(), path: 'docker-compose.gpu.yml' })), [2], 'without the main file: judged alone');
    // A swap may set variables as well (rosstimo/ComfierUI compose.nvidia.yaml: CUDA build args and NVIDIA_DRIVER_CAPABILITIES).
    const withEnv = (text: string) => text.replace('    deploy:', '    environment:\n      NVIDIA_DRIVER_CAPABILITIES: compute,utility\n    deploy:');
    const mainWithEnv = `${main}    environment:\n      LOG_LEVEL: info\n`;
    assert.deepEqual(shm(lintCompose(withEnv(swap), { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: mainWithEnv })), []);
    // A whole copy for `-f docker-compose.gpu.yml` alone (LibreTranslate's docker-compose.cuda.yml shape) writes half the main service's keys again.
    const copy = swap.replace('    deploy:', '    volumes:\n      - ./results:/app/results\n    command: ["list"]\n    deploy:');
    assert.deepEqual(shm(lintCompose(copy, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: main })), [2]);
  });

  it('a service whose image or build comes through a << merge is whole, not a part of the main file\'s', () => {
    // AbdBarho/stable-diffusion-webui-docker docker-compose.nvidia.yml (trimmed; sygil renamed trainer, as MLC405 leaves that UI alone): trainer-sl merges trainer's build and GPUs.
    const variant = 'x-base: &base\n  deploy: {resources: {reservations: {devices: [{driver: nvidia, device_ids: ["0"], capabilities: [gpu]}]}}}\nservices:\n  trainer: &trainer\n    <<: *base\n    build: ./services/trainer/\n    image: sd-trainer:16\n  trainer-sl:\n    <<: *trainer\n    environment: [USE_STREAMLIT=1]\n';
    const main = 'services:\n  trainer-sl:\n    image: sd-trainer:16\n    shm_size: 8gb\n';
    const shm = (r: ReturnType<typeof lintCompose>) => r.findings.filter((f) => f.ruleId === 'MLC405').map((f) => f.range.start.line);
    assert.deepEqual(shm(lintCompose(variant, { config: emptyConfig(), path: 'docker-compose.nvidia.yml', baseFile: main })), [4, 8]);
  });

  it('survives a main file that is no Compose file', () => {
    const partial = 'services:\n  api:\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}\n';
    for (const base of ['', 'services: [', '- a\n', 'services: 3\n', 'services:\n  api: 3\n', 'services:\n  api:\n    <<: *missing\n', 'services:\n  api:\n    extends: api\n']) {
      assert.equal(mlc009(lintCompose(gpu, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: base })).length, 2, JSON.stringify(base));
      const r = lintCompose(partial, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: base });
      assert.deepEqual(r.problems, [], JSON.stringify(base));
    }
  });

  describe('the editor reads the main file beside a variant file, and watches it', () => {
    let dir = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-variant-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('baseFile is the main file\'s text; every default main name is watched', async () => {
      fs.writeFileSync(path.join(dir, 'docker-compose.yml'), main);
      const file = path.join(dir, 'docker-compose.gpu.yml');
      const reads = await composeReadsNear(file, gpu, undefined, dir);
      assert.equal(reads.baseFile, main);
      assert.ok(reads.watched.includes(path.join(dir, 'compose.yaml')) && reads.watched.includes(path.join(dir, 'docker-compose.yml')));
      const noBase = await composeReadsNear(path.join(dir, 'docker-compose.yml'), main, undefined, dir);
      assert.equal(noBase.baseFile, undefined);
    });
  });

  describe('mlc lint', () => {
    const { write, lint } = useLintRepo('compose-variant');
    it('lints the variant file with the main file beside it', async () => {
      write('docker/docker-compose.yml', main);
      write('docker/docker-compose.gpu.yml', gpu);
      const { out } = await lint('docker', '--format', 'json', '--failure-threshold', 'none');
      const found = (JSON.parse(out) as { file: string; ruleId: string; line: number }[]).filter((f) => f.ruleId === 'MLC009').map((f) => `${f.file}@${f.line}`);
      assert.deepEqual(found, ['docker/docker-compose.gpu.yml@7']);
    });
  });
});
