import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { ComposeLintOptions } from '../../../../src/core/lint/compose/lint';
import { emptyConfig } from '../../../../src/core/lint/config';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { composeRules } from '../../../../src/core/lint/rules/compose';
import type { Finding } from '../../../../src/core/lint/types';

const rules = composeRules.filter((r) => r.meta.id === 'MLC416');
const findings = (text: string, options: ComposeLintOptions = {}): Finding[] => lintCompose(text, { config: emptyConfig(), rules, ...options }).findings;
const lines = (text: string, options: ComposeLintOptions = {}): number[] => findings(text, options).map((f) => f.range.start.line);
const file = (...rows: string[]): string => `${rows.join('\n')}\n`;

const reservation = ['    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', '              count: 1', '              capabilities: [gpu]'];
/** label-studio-ml-backend segment_anything_2_image/docker-compose.yml (trimmed): the reservation commented out, DEVICE=cuda kept. */
const sam2 = file('services:', '  ml-backend:', '    image: humansignal/ml-backend:v0', '    build:', '      context: .', '#    deploy:', '#      resources: {}', '    environment:', '      - WORKERS=1', '      - DEVICE=cuda  # or \'cpu\' (coming soon)', '    ports:', '      - "9090:9090"');

describe('s35: MLC416 a service that selects CUDA but requests no GPU', () => {
  it('names the setting, says the container gets no GPU and what follows, and reserves one (label-studio-ml-backend SAM2)', () => {
    const [f, ...rest] = findings(sam2);
    assert.deepEqual(rest, []);
    assert.equal(f?.severity, 'warning');
    assert.deepEqual([f?.range.start, f?.range.end], [{ line: 10, column: 9 }, { line: 10, column: 20 }]);
    assert.equal(
      f?.message,
      'Service "ml-backend" selects CUDA with DEVICE=cuda but requests no GPU, so Docker starts it without one and the program fails at start (PyTorch: "Found no NVIDIA driver on your system") or runs on the CPU; reserve a GPU with deploy.resources.reservations.devices: [{driver: nvidia, count: 1, capabilities: [gpu]}], or set DEVICE=cpu if it should run on the CPU.',
    );
    assert.equal(f?.fix?.title, 'Reserve a GPU (deploy.resources.reservations.devices)');
    const fixed = applyTextEdits(sam2, f?.fix?.edits ?? []);
    assert.equal(fixed, sam2.replace('    image: humansignal/ml-backend:v0\n', `    image: humansignal/ml-backend:v0\n${reservation.join('\n')}\n`));
    assert.deepEqual(findings(fixed), [], 'the fixed file gets a GPU');
  });

  it('reads device variables and --device flags, with a GPU count for cuda:N and where a variable value came from', () => {
    const text = file('services:', '  a:', '    image: acme/a:1', '    environment: {TORCH_DEVICE: "cuda:1"}', '  b:', '    image: acme/b:1', '    environment:', '      - WHISPER_DEVICE=${WHISPER_DEVICE:-cuda}', '  c:', '    image: acme/c:1', '    command: python infer.py --device cuda:0');
    const [a, b, c] = findings(text);
    assert.match(a?.message ?? '', /with TORCH_DEVICE=cuda:1 but .*count: 2, capabilities: \[gpu\]\}\] \(count: 2, since cuda:1 needs 2 GPUs in the container\), or set TORCH_DEVICE=cpu/);
    assert.equal(a?.fix?.title, 'Reserve 2 GPUs (deploy.resources.reservations.devices)');
    assert.match(b?.message ?? '', /with WHISPER_DEVICE=cuda \(the default of WHISPER_DEVICE\) but requests no GPU/);
    assert.match(c?.message ?? '', /with --device cuda:0 but .*, or pass --device cpu if it should run on the CPU\.$/);
    assert.deepEqual([c?.range.start, c?.range.end], [{ line: 11, column: 30 }, { line: 11, column: 38 }]);
  });

  it('reads variables as a plain compose up does: the .env value, else the default; a variable without either is unknown', () => {
    const text = file('services:', '  app:', '    image: acme/app:1', '    environment:', '      DEVICE: ${DEVICE:-cuda}');
    assert.deepEqual(lines(text), [5]);
    assert.deepEqual(lines(text, { envFile: 'DEVICE=cpu\n' }), [], 'the .env selects the CPU');
    const unset = text.replace('${DEVICE:-cuda}', '${DEVICE}');
    assert.deepEqual(lines(unset), []);
    assert.match(findings(unset, { envFile: 'DEVICE=cuda\n' })[0]?.message ?? '', /with DEVICE=cuda \(DEVICE from \.env\)/);
  });

  it('leaves values that select no CUDA device, and a CPU fallback written into the command', () => {
    for (const env of ['DEVICE=auto', 'DEVICE=cpu', 'DEVICE=gpu', 'DEVICE_MAP=cuda', 'CUDA_VISIBLE_DEVICES=0', 'AUDIO_DEVICE=hw:0']) {
      assert.deepEqual(lines(file('services:', '  app:', '    image: acme/app:1', `    environment: [${env}]`)), [], env);
    }
    assert.deepEqual(lines(file('services:', '  app:', '    image: acme/app:1', '    environment: [DEVICE=cuda, DEVICE=cpu]')), [], 'the last entry wins');
    assert.deepEqual(lines(file('services:', '  app:', '    image: acme/app:1', '    command: sh -c "python run.py --device cuda || python run.py --device cpu"')), []);
  });

  it('counts a GPU requested in the override file or by the service it extends, and reports one the override file selects', () => {
    const main = file('services:', '  app:', '    image: acme/app:1', '    environment: [DEVICE=cuda]');
    const gpuOverride = file('services:', '  app:', ...reservation);
    assert.deepEqual(lines(main, { path: 'compose.yaml', overrideFile: gpuOverride }), []);
    const plain = file('services:', '  app:', '    image: acme/app:1');
    const [f] = findings(plain, { path: 'compose.yaml', overrideFile: file('services:', '  app:', '    environment: [DEVICE=cuda]') });
    assert.deepEqual(f?.range.start, { line: 2, column: 3 }, 'at the service: the setting is not in this file');
    assert.match(f?.message ?? '', /^Service "app" selects CUDA with DEVICE=cuda but requests no GPU/);
    const extending = file('services:', '  app:', '    extends: {file: common.yaml, service: gpu}', '    environment: [DEVICE=cuda]');
    const common = file('services:', '  gpu:', '    image: acme/app:1', ...reservation);
    assert.deepEqual(lines(extending, { extendsFiles: new Map([['common.yaml', common]]) }), []);
    assert.deepEqual(lines(extending), [], 'a base not read may hold the GPU');
  });

  it('in a variant file, judges the merged service for what the variant writes itself', () => {
    const main = file('services:', '  api:', '    image: acme/api:1', '    environment: [DEVICE=cpu]');
    const cudaOnly = file('services:', '  api:', '    environment: [DEVICE=cuda]');
    assert.deepEqual(lines(cudaOnly, { path: 'docker-compose.gpu.yml', baseFile: main }), [3]);
    assert.deepEqual(lines(file('services:', '  api:', '    environment: [DEVICE=cuda]', ...reservation), { path: 'docker-compose.gpu.yml', baseFile: main }), []);
    const mainCuda = main.replace('DEVICE=cpu', 'DEVICE=cuda');
    assert.deepEqual(lines(file('services:', '  api:', ...reservation), { path: 'docker-compose.gpu.yml', baseFile: mainCuda }), [], 'the variant adds the GPU');
    assert.deepEqual(lines(file('services:', '  api:', '    ports: ["8000:8000"]'), { path: 'docker-compose.gpu.yml', baseFile: mainCuda }), [], 'the main file reports its own setting');
  });

  it('leaves a setting shared through an anchor with a service that gets the GPU, and names every service when none does', () => {
    const shared = (worker: string[]) => file('x-env: &env', '  WHISPER_DEVICE: cuda', 'services:', '  api:', '    image: acme/app:1', '    environment: *env', '  worker:', '    image: acme/app:1', '    environment: *env', ...worker);
    assert.deepEqual(lines(shared(reservation)), []);
    const [f, ...rest] = findings(shared([]));
    assert.deepEqual(rest, []);
    assert.match(f?.message ?? '', /^Service "api" \(also "worker", through this shared entry\) selects CUDA with WHISPER_DEVICE=cuda/);
  });

  it('notes that NVIDIA_VISIBLE_DEVICES alone gives no GPU, and counts Swarm generic resources and a Jetson as GPU access', () => {
    const visible = file('services:', '  app:', '    image: acme/app:1', '    environment: [DEVICE=cuda, NVIDIA_VISIBLE_DEVICES=all]');
    assert.match(findings(visible)[0]?.message ?? '', /without one \(its NVIDIA_VISIBLE_DEVICES=all does not give it one: only the nvidia runtime reads that variable, and Docker runs runc unless the daemon's default runtime is nvidia\) and the program/);
    const swarm = file('services:', '  app:', '    image: acme/app:1', '    environment: [DEVICE=cuda]', '    deploy:', '      resources:', '        reservations:', '          generic_resources:', '            - discrete_resource_spec: {kind: NVIDIA-GPU, value: 1}');
    assert.deepEqual(lines(swarm), []);
    assert.deepEqual(lines(visible, { path: 'docker-compose.jetson.yml' }), []);
  });

  it('offers the reservation only where it can be inserted whole: no deploy of its own or merged in, a block mapping', () => {
    const limits = file('services:', '  app:', '    image: acme/app:1', '    environment: [DEVICE=cuda]', '    deploy:', '      resources:', '        limits: {memory: 8g}');
    const [f] = findings(limits);
    assert.ok(f && f.fix === undefined);
    const flow = file('services:', '  app: {image: acme/app:1, environment: [DEVICE=cuda]}');
    const [g] = findings(flow);
    assert.ok(g && g.fix === undefined);
  });
});
