import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { ComposeLintOptions } from '../../../../src/core/lint/compose/lint';
import { variantFilesMayMatter, variantNamesFor } from '../../../../src/core/lint/compose/variant-services';
import { composeRules } from '../../../../src/core/lint/rules/compose';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';
import { useLintRepo } from '../support/lint-repo';

const file = (...rows: string[]): string => `${rows.join('\n')}\n`;
const ids = (text: string, options: ComposeLintOptions = {}, only?: string): string[] =>
  lintCompose(text, { config: emptyConfig(), path: 'docker-compose.yml', ...options }).findings.filter((f) => only === undefined || f.ruleId === only).map((f) => `${f.ruleId}@${f.range.start.line}`);
const variants = (...entries: [string, string][]): ComposeLintOptions => ({ variantFiles: new Map(entries) });

const reservation = ['    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', '              count: 1', '              capabilities: [gpu]'];
// The common split: docker-compose.yml CPU-only as written, docker-compose.gpu.yml adding the GPU to the same service
// ("docker compose -f docker-compose.yml -f docker-compose.gpu.yml up").
const main = file('services:', '  api:', '    image: acme/api:1', '    environment:', '      - DEVICE=cuda', '    ports: ["8000:8000"]');
const gpuVariant = file('services:', '  api:', ...reservation);

describe('s36: GPU rules of a main Compose file see the GPU a variant file beside it gives (docker-compose.gpu.yml)', () => {
  describe('MLC416 gpu-selected-without-request', () => {
    it('stays silent when a variant file gives the service a device reservation, gpus: or runtime: nvidia', () => {
      assert.deepEqual(ids(main, {}, 'MLC416'), ['MLC416@5'], 'alone, it is reported');
      assert.deepEqual(ids(main, variants(['docker-compose.gpu.yml', gpuVariant]), 'MLC416'), []);
      assert.deepEqual(ids(main, variants(['compose.gpu.yaml', file('services:', '  api:', '    gpus: all')]), 'MLC416'), []);
      assert.deepEqual(ids(main, variants(['docker-compose.nvidia.yml', file('services:', '  api:', '    runtime: nvidia')]), 'MLC416'), []);
      const anchored = file('x-gpu: &gpu', '  deploy: {resources: {reservations: {devices: [{driver: nvidia, count: all, capabilities: [gpu]}]}}}', 'services:', '  api:', '    <<: *gpu');
      assert.deepEqual(ids(main, variants(['docker-compose.cuda.yml', anchored]), 'MLC416'), [], 'through a << merge of the variant file');
    });

    it('still reports the service when no variant gives it a device, or the variant gives one to another service', () => {
      assert.deepEqual(ids(main, variants(['docker-compose.dev.yml', file('services:', '  api:', '    ports: ["9000:8000"]')]), 'MLC416'), ['MLC416@5']);
      assert.deepEqual(ids(main, variants(['docker-compose.gpu.yml', file('services:', '  worker:', ...reservation)]), 'MLC416'), ['MLC416@5']);
      assert.deepEqual(ids(main, variants(['docker-compose.gpu.yml', 'services: [']), 'MLC416'), ['MLC416@5'], 'a variant that is no Compose file');
    });

    it('leaves a setting shared through an anchor with a service a variant gives the GPU', () => {
      const shared = file('x-env: &env', '  WHISPER_DEVICE: cuda', 'services:', '  api:', '    image: acme/app:1', '    environment: *env', '  worker:', '    image: acme/app:1', '    environment: *env');
      assert.deepEqual(ids(shared, {}, 'MLC416'), ['MLC416@2']);
      assert.deepEqual(ids(shared, variants(['docker-compose.gpu.yml', file('services:', '  worker:', ...reservation)]), 'MLC416'), []);
    });

    it('parses the variant files only when a rule would otherwise report: a clean main file reads none', () => {
      let read = 0;
      const counted = new (class extends Map<string, string> {
        override [Symbol.iterator](): MapIterator<[string, string]> {
          read += 1;
          return super[Symbol.iterator]();
        }
      })([['docker-compose.gpu.yml', gpuVariant]]);
      const clean = main.replace('DEVICE=cuda', 'DEVICE=cpu');
      lintCompose(clean, { config: emptyConfig(), path: 'docker-compose.yml', rules: composeRules, variantFiles: counted });
      assert.equal(read, 0);
      lintCompose(file('services:', '  api:', '    image: acme/api:1', '    environment: [DEVICE=cuda]', ...reservation), { config: emptyConfig(), path: 'docker-compose.yml', rules: composeRules, variantFiles: counted });
      assert.equal(read, 0, 'the main file gives the GPU itself');
      lintCompose(main, { config: emptyConfig(), path: 'docker-compose.yml', rules: composeRules, variantFiles: counted });
      assert.equal(read, 1, 'parsed once for the whole lint');
    });
  });

  describe('MLC405 gpu-service-without-shm, for a GPU-only image that requests no GPU', () => {
    const vllm = file('services:', '  vllm:', '    image: vllm/vllm-openai:v0.6.3', '    command: ["--model", "Qwen/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "2"]');
    const vllmGpu = file('services:', '  vllm:', '    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', '              count: 2', '              capabilities: [gpu]');

    it('says "requests none" on the main file alone, and leaves it to the variant file that gives the GPU', () => {
      const [alone] = lintCompose(vllm, { config: emptyConfig(), path: 'docker-compose.yml' }).findings.filter((f) => f.ruleId === 'MLC405');
      assert.match(alone?.message ?? '', /needs an NVIDIA GPU, but requests none/);
      assert.deepEqual(ids(vllm, variants(['docker-compose.gpu.yml', vllmGpu]), 'MLC405'), []);
      // The variant file, linted with the main file it is run with, reports the merged service's /dev/shm.
      const [merged] = lintCompose(vllmGpu, { config: emptyConfig(), path: 'docker-compose.gpu.yml', baseFile: vllm }).findings.filter((f) => f.ruleId === 'MLC405');
      assert.match(merged?.message ?? '', /^GPU service "vllm"/);
    });
  });

  describe('which files are read', () => {
    it('names the variant files of the main file only, and reads them only for a text that may need them', () => {
      const names = new Set(['docker-compose.yml', 'docker-compose.gpu.yml', 'compose.cuda.yaml', 'docker-compose.override.yml', 'stack.yml', 'compose.yaml']);
      assert.deepEqual(variantNamesFor('compose.yaml', names), ['compose.cuda.yaml', 'docker-compose.gpu.yml']);
      for (const name of ['docker-compose.yml', 'docker-compose.gpu.yml', 'docker-compose.override.yml', 'stack.yml']) {
        assert.deepEqual(variantNamesFor(name, names), [], name);
      }
      assert.ok(variantFilesMayMatter(main));
      assert.ok(variantFilesMayMatter('services:\n  a:\n    environment: [DEVICE=${DEVICE}]\n', 'DEVICE=cuda\n'), 'a .env value');
      assert.ok(variantFilesMayMatter('services:\n  a:\n    image: nvcr.io/nim/meta/llama3-8b-instruct:1\n'));
      assert.ok(!variantFilesMayMatter('services:\n  db:\n    image: postgres:16\n', 'POSTGRES_USER=app\n'));
    });

    describe('the editor reads the variant files beside a main file, and watches them', () => {
      let dir = '';
      beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-variants-'));
      });
      afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

      it('variantFiles holds their text when the main file selects CUDA, nothing otherwise', async () => {
        fs.writeFileSync(path.join(dir, 'docker-compose.yml'), main);
        fs.writeFileSync(path.join(dir, 'docker-compose.gpu.yml'), gpuVariant);
        const file = path.join(dir, 'docker-compose.yml');
        const reads = await composeReadsNear(file, main, undefined, dir);
        assert.deepEqual([...(reads.variantFiles ?? new Map<string, string>()).entries()], [['docker-compose.gpu.yml', gpuVariant]]);
        assert.ok(reads.watched.includes(path.join(dir, 'docker-compose.gpu.yml')));
        assert.deepEqual(ids(main, reads.variantFiles ? { variantFiles: reads.variantFiles } : {}, 'MLC416'), []);
        const cpu = await composeReadsNear(file, main.replace('DEVICE=cuda', 'DEVICE=cpu'), undefined, dir);
        assert.equal(cpu.variantFiles, undefined);
        assert.ok(!cpu.watched.includes(path.join(dir, 'docker-compose.gpu.yml')));
      });
    });

    describe('mlc lint', () => {
      const { write, lint } = useLintRepo('compose-gpu-variants');
      const found = (out: string) => (JSON.parse(out) as { file: string; ruleId: string; line: number }[]).filter((f) => f.ruleId === 'MLC416').map((f) => `${f.file}@${f.line}`);

      it('gives a main file the variant files beside it, linted together or alone', async () => {
        write('docker/docker-compose.yml', main);
        write('docker/docker-compose.gpu.yml', gpuVariant);
        assert.deepEqual(found((await lint('docker', '--format', 'json', '--failure-threshold', 'none')).out), []);
        assert.deepEqual(found((await lint('docker/docker-compose.yml', '--format', 'json', '--failure-threshold', 'none')).out), []);
        write('docker/docker-compose.gpu.yml', file('services:', '  api:', '    ports: ["9000:8000"]'));
        assert.deepEqual(found((await lint('docker', '--format', 'json', '--failure-threshold', 'none')).out), ['docker/docker-compose.yml@5']);
      });
    });
  });
});
