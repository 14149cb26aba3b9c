import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { extendsBaseLookup, extendsFileNames, maxExtendsFileChars, maxExtendsFiles } from '../../../../src/core/lint/compose/extends-files';
import type { ExtendsFiles } from '../../../../src/core/lint/compose/extends-files';
import { extendsPathFrom } from '../../../../src/core/lint/compose/extends-paths';
import { readExtendsFiles } from '../../../../src/core/lint/compose/read-extends-files';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';

const findings = (text: string, ruleId: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId);

/** A GPU base service and workers that extend it in the same file (the short and the long form). */
const stack = (workerExtends: string) =>
  [
    'services:',
    '  base:',
    '    image: vllm/vllm-openai:v0.6.3',
    '    deploy:',
    '      resources:',
    '        reservations:',
    '          devices:',
    '            - driver: nvidia',
    '              count: all',
    '              capabilities: [gpu]',
    '  worker:',
    `    extends: ${workerExtends}`,
    '    command: [--model, /models/llama]',
    '',
  ].join('\n');

describe('Compose: services that extend another in the same file', () => {
  it('inherit what they do not set themselves: a worker extending a GPU service is a GPU service (MLC405)', () => {
    for (const form of ['base', '{service: base}']) {
      const lines = findings(stack(form), 'MLC405').map((f) => f.range.start.line);
      assert.deepEqual(lines, [2, 11], form);
    }
  });

  it('a base in another file is not read; a cycle ends', () => {
    assert.deepEqual(findings(stack('{file: common.yaml, service: base}'), 'MLC405').map((f) => f.range.start.line), [2]);
    const cycle = 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n';
    assert.deepEqual(lintCompose(cycle, { config: emptyConfig() }).problems, []);
  });

  it('services that extend each other in a circle inherit nothing: each is checked as written', () => {
    // Compose refuses the file; merging through the circle made a's own port look published twice ("a" and "a").
    const cycle = 'services:\n  a:\n    image: acme/api:1.0\n    extends: b\n    ports:\n      - "8080:80"\n  b:\n    image: acme/api:1.0\n    extends:\n      service: a\n    privileged: true\n';
    assert.deepEqual(findings(cycle, 'MLC004'), []);
    assert.deepEqual(findings(cycle, 'MLC102').map((f) => f.message.match(/^Service "[^"]*"/)?.[0]), ['Service "a"']);
    assert.deepEqual(findings(cycle, 'MLC103').map((f) => f.message.match(/^Service "[^"]*"[^ ]*/)?.[0]), ['Service "b"']);
  });

  it('merge mappings and join lists with the base, as Compose does: the base\'s cache volume and memlock limit count', () => {
    const cache = 'services:\n  base:\n    image: vllm/vllm-openai:v0.6.3\n    environment: {HF_HOME: /cache}\n    volumes: [hf-cache:/cache]\n  worker:\n    extends: base\n    volumes: [./data:/data]\nvolumes:\n  hf-cache: {}\n';
    assert.deepEqual(findings(cache, 'MLC409'), []);
    const gpus = (extra: string) => `services:\n  base:\n    image: pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime\n    shm_size: 16gb\n    ulimits: {memlock: -1, stack: 67108864}\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\n  trainer:\n    extends: base\n${extra}`;
    assert.deepEqual(findings(gpus('    ulimits: {nofile: 65536}\n'), 'MLC408'), []);
  });
});

/** A GPU base in another file, as in a `common.yaml` that a project's services extend. */
const common = [
  'x-gpu: &gpu',
  '  deploy:',
  '    resources:',
  '      reservations:',
  '        devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]',
  'services:',
  '  vllm-base:',
  '    <<: *gpu',
  '    image: vllm/vllm-openai:v0.6.3',
  '    shm_size: 16gb',
  '    volumes: [hf-cache:/root/.cache/huggingface]',
  '    environment: {HF_TOKEN: hf_abcdefghijklmnopqrstuvwxyz0123456789}',
  '  lean:',
  '    extends: {file: compose.yaml, service: llm}',
  '    image: vllm/vllm-openai:v0.6.3',
  '',
].join('\n');

const extender = (own: string) => `services:\n  llm:\n    extends:\n      file: ./common.yaml\n      service: vllm-base\n${own}`;

describe('Compose: services that extend a service in another file', () => {
  const lint = (text: string, files?: Record<string, string>, path?: string) =>
    lintCompose(text, { config: emptyConfig(), ...(files ? { extendsFiles: new Map(Object.entries(files)) } : {}), ...(path !== undefined ? { path } : {}) });
  const ids = (r: ReturnType<typeof lint>, ...only: string[]) => r.findings.filter((f) => only.includes(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line}`);

  it('names the files to read: literal paths only, each once', () => {
    const text = `${extender('')}  b:\n    extends: {file: ./common.yaml, service: x}\n  c:\n    extends:\n      file: \${BASE}/c.yaml\n      service: x\n  d:\n    extends: d0\n  d0:\n    image: a\n`;
    assert.deepEqual(extendsFileNames(text), ['./common.yaml']);
    assert.deepEqual(extendsFileNames('services:\n  a:\n    image: a\n'), []);
  });

  it('see the merged result when the caller gives the file: the base\'s GPU, shm_size and cache volume count', () => {
    const merged = lint(extender('    command: [--model, meta-llama/Llama-3.1-8B]\n'), { './common.yaml': common });
    assert.deepEqual(ids(merged, 'MLC405', 'MLC409'), []);
    const small = lint(extender('    shm_size: 64m\n'), { './common.yaml': common });
    assert.deepEqual(ids(small, 'MLC405'), ['MLC405@6'], 'its own shm_size wins over the base\'s and is reported where it is written');
  });

  it('never report what only the other file holds, nor point into it', () => {
    const r = lint(extender(''), { './common.yaml': common });
    assert.deepEqual(ids(r, 'MLC101'), [], 'the base file\'s literal token is reported there, not here');
    assert.ok(r.findings.every((f) => f.range.end.line <= 5), JSON.stringify(r.findings));
  });

  it('take a service whose base is not given, or is unreadable, as a fragment: no finding about what it lacks', () => {
    const own = '    image: vllm/vllm-openai:v0.6.3\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\n';
    for (const files of [undefined, { './common.yaml': 'services: [' }, { './common.yaml': `${common}#${' '.repeat(maxExtendsFileChars)}` }, { './common.yaml': 'services:\n  other:\n    image: a\n' }]) {
      assert.deepEqual(ids(lint(extender(own), files), 'MLC405', 'MLC408', 'MLC409'), [], JSON.stringify(files)?.slice(0, 40));
    }
  });

  // A torchrun trainer on a vLLM GPU base kept in common.yml whose shm_size is too small (the reviewer's case).
  const gpuBase = '    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]}}}\n';
  const trainer = 'name: demo\nservices:\n  trainer:\n    extends: {file: common.yml, service: gpu}\n    command: torchrun --nproc_per_node=2 train.py\n';

  it('fix a small shm_size from the other file in the extending service, never at a place of this text it does not hold', () => {
    const r = lint(trainer, { 'common.yml': `services:\n  gpu:\n    image: vllm/vllm-openai:latest\n    shm_size: 64m\n${gpuBase}` });
    const shm = r.findings.filter((f) => f.ruleId === 'MLC405');
    assert.deepEqual(shm.map((f) => f.range.start.line), [3]);
    const fixed = applyTextEdits(trainer, shm[0]?.fix?.edits ?? []);
    assert.ok(fixed.includes('  trainer:\n') && fixed.includes('shm_size: "8gb"'), fixed);
  });

  it('take a service whose base extends a further, unread file as a fragment (gpu.yml extends shm.yml)', () => {
    const gpu = `services:\n  gpu:\n    extends: {file: shm.yml, service: shm}\n    image: vllm/vllm-openai:latest\n${gpuBase}`;
    assert.deepEqual(ids(lint(trainer.replace('common.yml', 'gpu.yml'), { 'gpu.yml': gpu }), 'MLC405', 'MLC408'), []);
    const sameFile = `services:\n  gpu0:\n    extends: {file: shm.yml, service: shm}\n  gpu:\n    extends: gpu0\n    image: vllm/vllm-openai:latest\n${gpuBase}`;
    assert.deepEqual(ids(lint(trainer.replace('common.yml', 'gpu.yml'), { 'gpu.yml': sameFile }), 'MLC405', 'MLC408'), [], 'through a same-file extends in the base file');
  });

  it('take a service as a fragment when a service it extends in the same file extends an unread file', () => {
    const text = `name: demo\nservices:\n  gpu:\n    extends: {file: missing-common.yml, service: gpu-base}\n  trainer:\n    extends: gpu\n    image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n    command: torchrun --nproc_per_node=2 train.py\n${gpuBase}`;
    assert.deepEqual(ids(lint(text), 'MLC405', 'MLC408'), []);
    const direct = text.replace('    extends: {file: missing-common.yml, service: gpu-base}\n', '    image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n');
    assert.deepEqual(ids(lint(direct), 'MLC405', 'MLC408'), ['MLC405@5', 'MLC408@5'], 'a complete same-file base is still checked');
  });

  it('parse a base file once for all the files that extend it, also when each got its own copy of the text (worker threads)', () => {
    const first = extendsBaseLookup(new Map([['./common.yaml', common]]))('./common.yaml', 'vllm-base');
    const copy = `#\n${common}`.slice(2);
    const second = extendsBaseLookup(new Map([['common.yaml', copy]]))('common.yaml', 'vllm-base');
    assert.ok(first !== undefined && first === second);
  });

  it('end on cycles between files: a base that extends back is read one level deep', () => {
    const r = lint(extender(''), { './common.yaml': common.replace('  vllm-base:\n', '  vllm-base:\n    extends: {file: compose.yaml, service: llm}\n') });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(ids(r, 'MLC405'), []);
  });
});

describe('Compose: fragments of services', () => {
  const gpu = '    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\n';
  const ids = (text: string, path?: string) => lintCompose(text, { config: emptyConfig(), ...(path !== undefined ? { path } : {}) }).findings.filter((f) => ['MLC007', 'MLC405', 'MLC408', 'MLC409'].includes(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line}`);

  it('an image-less block (Immich hwaccel.ml.yml) and every service of an override file lack nothing', () => {
    assert.deepEqual(ids(`services:\n  cuda:\n${gpu}`), []);
    const withImage = `services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.3\n    command: [--model, org/m]\n${gpu}  web:\n    image: nginx:1.27\n    depends_on: {db: {condition: service_healthy}}\n  db:\n    image: postgres:16\n`;
    assert.deepEqual(ids(withImage, 'docker-compose.override.yml'), []);
    assert.deepEqual(ids(withImage, 'docker-compose.yml'), ['MLC405@2', 'MLC408@2', 'MLC409@3', 'MLC007@11']);
  });

  it('a block completed by a same-file extends or merge is a service: the merged result is checked', () => {
    assert.deepEqual(ids(`x-base: &base\n  image: vllm/vllm-openai:v0.6.3\nservices:\n  vllm:\n    <<: *base\n${gpu}`), ['MLC405@4', 'MLC408@4', 'MLC409@4']);
    assert.deepEqual(ids(`services:\n  cuda:\n${gpu}  vllm:\n    extends: cuda\n    image: vllm/vllm-openai:v0.6.3\n    shm_size: 16gb\n`), ['MLC408@7', 'MLC409@9']);
  });

  it('MLC503 leaves the project name to the main file', () => {
    const name = (text: string, path: string) => lintCompose(text, { config: { ...emptyConfig(), rules: { MLC503: { severity: 'on' } } }, path }).findings.filter((f) => f.ruleId === 'MLC503').length;
    assert.equal(name('services:\n  cuda:\n' + gpu, 'hwaccel.ml.yml'), 0);
    assert.equal(name('services:\n  web:\n    image: nginx:1.27\n', 'compose.override.yaml'), 0);
    assert.equal(name('services:\n  web:\n    image: nginx:1.27\n', 'compose.yaml'), 1);
  });
});

/**
 * Stack defaults layered over fleet defaults, as driftarr (Shane Main's docker-stacks template, README "Composable
 * Stack Defaults") lays them out: `ml/docker-compose.yml` extends `./common.yml`, whose `default` extends
 * `../common.yml`. Trimmed; the GPU reservation stands in for the stack-level settings.
 */
const fleetDefaults = 'services:\n  default:\n    restart: unless-stopped\n    environment:\n      TZ: ${TZ:-America/New_York}\n';
const gpuReservation = '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: all\n              capabilities: [gpu]\n';
const stackDefaults = (extra = '') => `services:\n  default:\n    extends:\n      file: ../common.yml\n      service: default\n    environment:\n      PUID: "1000"\n      PGID: "1000"\n${extra}`;
const stackService = 'services:\n  vllm:\n    extends:\n      file: ./common.yml\n      service: default\n    image: vllm/vllm-openai:v0.6.3\n    command: --model Qwen/Qwen2.5-7B-Instruct --tensor-parallel-size 2\n';

describe('Compose: a base that extends a service in a further file (nested extends)', () => {
  const layout = (stack: string, fleet = fleetDefaults): Record<string, string> => ({ 'ml/docker-compose.yml': stackService, 'ml/common.yml': stack, 'common.yml': fleet });
  /** readExtendsFiles over a layout, paths relative to the linted file's folder (`ml/`). */
  const read = (files: Record<string, string>, text = stackService, from = 'ml/') => {
    const asked: string[] = [];
    const resolve = (name: string) => (name.startsWith('/') ? name.slice(1) : extendsPathFrom(from, name));
    return readExtendsFiles(text, (name) => {
      asked.push(name);
      return Promise.resolve(files[resolve(name)]);
    }).then((found) => ({ found, asked }));
  };
  const lint = (files: ExtendsFiles) => lintCompose(stackService, { config: emptyConfig(), path: 'ml/docker-compose.yml', extendsFiles: files });
  const ids = (r: ReturnType<typeof lint>) => r.findings.filter((f) => ['MLC405', 'MLC408', 'MLC409'].includes(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line}`);

  it('reads the chain relative to each file\'s own folder: ./common.yml beside the stack, then ../common.yml from there', async () => {
    const { found } = await read(layout(stackDefaults(gpuReservation)));
    assert.deepEqual([...found.keys()], ['./common.yml', '../common.yml']);
    assert.equal(extendsPathFrom('../base/x.yml', './y/../z.yml'), '../base/z.yml');
    assert.equal(extendsPathFrom('./common.yml', '/srv/common.yml'), '/srv/common.yml');
  });

  it('lints the service merged with the whole chain: the stack file\'s GPU asks for shm, the fleet file\'s ipc: host gives it', async () => {
    assert.deepEqual(ids(lint((await read(layout(stackDefaults(gpuReservation)))).found)), ['MLC405@2', 'MLC408@2', 'MLC409@6']);
    const fleetIpc = `${fleetDefaults}    ipc: host\n    ulimits: {memlock: -1}\n`;
    assert.deepEqual(ids(lint((await read(layout(stackDefaults(gpuReservation), fleetIpc))).found)), ['MLC409@6']);
  });

  it('keeps the service a fragment when the chain reaches a file that was not read', async () => {
    const files = layout(stackDefaults(gpuReservation));
    delete files['common.yml'];
    assert.deepEqual(ids(lint((await read(files)).found)), []);
  });

  it('follows at most four files deep, and ends a cycle between files', async () => {
    const link = (next: string, extra = '') => `services:\n  default:\n    extends: {file: ${next}, service: default}\n${extra}`;
    const deep = { 'ml/common.yml': link('a/c1.yml', gpuReservation), 'ml/a/c1.yml': link('c2.yml'), 'ml/a/c2.yml': link('c3.yml'), 'ml/a/c3.yml': link('c4.yml'), 'ml/a/c4.yml': fleetDefaults };
    const { found: tooDeep } = await read(deep);
    assert.deepEqual([...tooDeep.keys()], ['./common.yml', 'a/c1.yml', 'a/c2.yml', 'a/c3.yml']);
    assert.deepEqual(ids(lint(tooDeep)), [], 'the fourth file extends a fifth: not read, so the service is a fragment');
    const { found: fourDeep } = await read({ ...deep, 'ml/a/c3.yml': fleetDefaults });
    assert.deepEqual(ids(lint(fourDeep)), ['MLC405@2', 'MLC408@2', 'MLC409@6']);
    const cycle = { 'ml/common.yml': link('../common.yml', gpuReservation), 'common.yml': link('ml/common.yml') };
    const { found, asked } = await read(cycle);
    assert.deepEqual(asked, ['./common.yml', '../common.yml', '../ml/common.yml'], 'the same file under another spelling is read once more, no further');
    const r = lint(found);
    assert.deepEqual([r.problems, ids(r)], [[], []]);
  });

  it('tries at most 16 paths for one file', async () => {
    const fan = (prefix: string) => `services:\n${Array.from({ length: 12 }, (_, k) => `  s${k}:\n    extends: {file: ${prefix}${k}.yml, service: x}\n`).join('')}`;
    const files: Record<string, string> = { 'ml/common.yml': fan('b') };
    for (let k = 0; k < 12; k++) {
      files[`ml/b${k}.yml`] = fan(`c${k}-`);
    }
    const { asked } = await read(files);
    assert.equal(asked.length, maxExtendsFiles);
  });
});
