import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { defaultOverrideFor, overrideServiceLookup } from '../../../../src/core/lint/compose/extends-files';
import { composeModel, mergedGet } from '../../../../src/core/lint/compose/model';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** The vLLM service of a public self-hosted LLM guide's docker-compose.yml (Ollama + vLLM "Hybrid"), trimmed. */
const main = [
  'name: llm',
  'services:',
  '  vllm:',
  '    image: vllm/vllm-openai:v0.6.2',
  '    restart: unless-stopped',
  '    ports:',
  '      - "127.0.0.1:8000:8000"',
  '    command:',
  '      - "--model"',
  '      - "mistralai/Mistral-7B-Instruct-v0.3"',
  '    volumes:',
  '      - ~/.cache/huggingface:/root/.cache/huggingface',
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia',
  '              count: 2',
  '              capabilities: [gpu]',
  '',
].join('\n');

const lint = (text: string, overrideFile?: string, path = 'compose.yaml') => lintCompose(text, { config: emptyConfig(), path, ...(overrideFile !== undefined ? { overrideFile } : {}) });
const ids = (r: ReturnType<typeof lint>, ...only: string[]) => r.findings.filter((f) => only.length === 0 || only.includes(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line}`);

describe('Compose: the default override file merged over the main file', () => {
  it('finds the override `docker compose` reads without -f: beside the first default main file only', () => {
    assert.equal(defaultOverrideFor('compose.yaml', new Set(['compose.yaml', 'compose.override.yaml'])), 'compose.override.yaml');
    assert.equal(defaultOverrideFor('docker-compose.yml', new Set(['docker-compose.yml', 'compose.override.yml', 'docker-compose.override.yml'])), 'compose.override.yml');
    assert.equal(defaultOverrideFor('docker-compose.yml', new Set(['compose.yaml', 'docker-compose.yml', 'docker-compose.override.yml'])), undefined, 'compose.yaml wins');
    assert.equal(defaultOverrideFor('compose.gpu.yaml', new Set(['compose.gpu.yaml', 'compose.override.yaml'])), undefined);
    assert.equal(defaultOverrideFor('compose.yaml', new Set(['compose.yaml', 'docker-compose.prod.yml'])), undefined);
  });

  it('counts what the override adds: its shm_size and memlock ulimit answer MLC405 and MLC408 on the main file', () => {
    assert.deepEqual(ids(lint(main), 'MLC405', 'MLC408'), ['MLC405@3', 'MLC408@3']);
    const over = 'services:\n  vllm:\n    shm_size: 16gb\n    ulimits:\n      memlock: -1\n';
    assert.deepEqual(ids(lint(main, over), 'MLC405', 'MLC408'), []);
    assert.deepEqual(ids(lint(main, 'services:\n  other:\n    shm_size: 16gb\n'), 'MLC405', 'MLC408'), ['MLC405@3', 'MLC408@3'], 'only the service of the same name');
    assert.deepEqual(ids(lint(main, over, 'compose.override.yaml'), 'MLC405', 'MLC408'), [], 'an override file itself is a fragment');
  });

  it('lets the override win where both set a value, and never reports at its values from the main file', () => {
    const small = lint(main.replace('    restart:', '    shm_size: 64m\n    restart:'), 'services:\n  vllm:\n    shm_size: 16gb\n');
    assert.deepEqual(ids(small, 'MLC405'), []);
    // The override's values lie on lines past the main file's end: a finding at one of them would show there.
    const overrideLines = [...Array.from({ length: 24 }, (_, i) => `# override line ${i + 1}`), 'services:', '  vllm:', '    shm_size: 64m', '    ports: ["8001:8000"]', '    privileged: true', '    image: vllm/vllm-openai:latest', ''];
    const tooSmall = lint(main, overrideLines.join('\n'));
    assert.deepEqual(
      tooSmall.findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}${f.fix ? ' fix' : ''}`),
      // MLC414: the main file's vLLM reserves 2 GPUs with no tensor-parallel size, at the main file's count.
      ['MLC405@3:3-3:7', 'MLC408@3:3-3:7 fix', 'MLC414@18:22-18:23'],
    );
  });

  it('applies an override of one service to that service only, when services share an anchored node', () => {
    const shared = ['name: llm', 'x-gpu: &gpu', '  image: vllm/vllm-openai:v0.6.2', '  deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]}}}', 'services:', '  a: *gpu', '  b: *gpu', ''].join('\n');
    assert.deepEqual(ids(lint(shared), 'MLC405', 'MLC408'), ['MLC405@6', 'MLC408@6', 'MLC405@7', 'MLC408@7']);
    const overA = 'services:\n  a:\n    shm_size: 16gb\n    ulimits:\n      memlock: -1\n';
    assert.deepEqual(ids(lint(shared, overA), 'MLC405', 'MLC408'), ['MLC405@7', 'MLC408@7'], 'b keeps its findings');
    assert.deepEqual(ids(lint(shared, overA.replace('  a:', '  b:')), 'MLC405', 'MLC408'), ['MLC405@6', 'MLC408@6'], 'a keeps its findings');
  });

  it('offers no edit of the main file where the override file decides the value, and says so', () => {
    const only = (r: ReturnType<typeof lint>, id: string) => r.findings.filter((f) => f.ruleId === id);
    const small = only(lint(main, 'services:\n  vllm:\n    shm_size: 64m\n'), 'MLC405');
    assert.equal(small.length, 1);
    assert.equal(small[0]?.fix, undefined);
    assert.match(small[0]?.message ?? '', /shm_size is set in the override file/);
    const withOwn = main.replace('    restart:', '    shm_size: 16gb\n    ulimits:\n      memlock: -1\n    restart:');
    const reset = lint(withOwn, 'services:\n  vllm:\n    shm_size: !reset null\n    ulimits: !reset {}\n');
    for (const id of ['MLC405', 'MLC408']) {
      const [f, ...more] = only(reset, id);
      assert.equal(more.length, 0, id);
      assert.equal(f?.fix, undefined, id);
      assert.match(f?.message ?? '', /the override file resets (shm_size|ulimits)/, id);
    }
    assert.ok(only(lint(main), 'MLC405')[0]?.fix, 'without an override the fix stays');
    assert.ok(only(lint(main, 'services:\n  vllm:\n    restart: always\n'), 'MLC405')[0]?.fix, 'an override that leaves shm_size alone keeps it too');
    // An empty key (its items commented out) leaves the main file's value, as compose-go does: the edit takes effect.
    const empty = lint(main, 'services:\n  vllm:\n    shm_size:\n    ulimits:\n    volumes:\n    # - ./hf:/root/.cache/huggingface\n');
    for (const id of ['MLC405', 'MLC408']) {
      const [f] = only(empty, id);
      assert.ok(f?.fix, id);
      assert.doesNotMatch(f?.message ?? '', /override file/, id);
    }
  });

  it('reads a dependency the override lists by name as service_started over the main file\'s condition, as compose-go does', () => {
    const app = 'services:\n  app:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n';
    assert.deepEqual(ids(lint(app), 'MLC007'), ['MLC007@6']);
    assert.deepEqual(ids(lint(app, 'services:\n  app:\n    depends_on:\n      - db\n'), 'MLC007'), []);
    assert.deepEqual(ids(lint(app, 'services:\n  app:\n    depends_on:\n      - cache\n  cache:\n    image: redis:7\n'), 'MLC007'), ['MLC007@6'], 'another name leaves db\'s condition');
  });

  it('merges key-value settings key by key whichever form each file writes, as compose-go does', () => {
    const serving = (env: string) => `name: llm\nservices:\n  vllm:\n    image: vllm/vllm-openai:v0.6.2\n    environment:\n${env}    volumes:\n      - hf:/data/hf\nvolumes:\n  hf: {}\n`;
    const cacheIds = (env: string, over: string) => ids(lint(serving(env), `services:\n  vllm:\n    environment:\n${over}`), 'MLC409');
    assert.deepEqual(cacheIds('      - HF_HOME=/data/hf\n', '      HF_HOME: /models\n'), ['MLC409@4'], 'list in the main file, mapping in the override');
    assert.deepEqual(cacheIds('      HF_HOME: /models\n', '      - HF_HOME=/data/hf\n'), [], 'mapping in the main file, list in the override');
    assert.deepEqual(cacheIds('      - HF_HOME=/data/hf\n', '      - HF_HOME=/models\n'), ['MLC409@4'], 'two lists: the override\'s entry wins');
    assert.deepEqual(cacheIds('      - HF_HOME=/models\n', '      - HF_HOME=/data/hf\n'), []);
  });

  it('still reports a secret the main file commits when the override sets the same variable (the literal stays in the file)', () => {
    const committed = main.replace('    restart:', '    environment:\n      HF_TOKEN: hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789\n    restart:');
    assert.deepEqual(ids(lint(committed), 'MLC101'), ['MLC101@6']);
    assert.deepEqual(ids(lint(committed, 'services:\n  vllm:\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n'), 'MLC101'), ['MLC101@6']);
  });

  it('follows !reset: a reset port list is no longer published; other lists are joined', () => {
    const open = main.replace('"127.0.0.1:8000:8000"', '"8000:8000"');
    assert.deepEqual(ids(lint(open), 'MLC102'), ['MLC102@7']);
    assert.deepEqual(ids(lint(open, 'services:\n  vllm:\n    ports: !reset []\n'), 'MLC102'), []);
    assert.deepEqual(ids(lint(open, 'services:\n  vllm:\n    ports: ["127.0.0.1:9000:9000"]\n'), 'MLC102'), ['MLC102@7'], 'ports are joined, not replaced');
  });

  it('knows the services the override adds: depending on one is no MLC009', () => {
    const web = `${main}  web:\n    image: ghcr.io/open-webui/open-webui:v0.3.35\n    depends_on: [vllm, rag-service]\n`;
    assert.deepEqual(ids(lint(web), 'MLC009'), ['MLC009@22']);
    assert.deepEqual(ids(lint(web, 'services:\n  rag-service:\n    build: ./rag_service\n'), 'MLC009'), []);
  });

  it('survives an override that is no Compose file', () => {
    for (const over of ['', 'services: [', '- a\n- b\n', 'services:\n  vllm: 3\n', `services:\n  vllm:\n    <<: *missing\n`]) {
      const r = lint(main, over);
      assert.deepEqual(ids(r, 'MLC405'), ['MLC405@3'], JSON.stringify(over));
    }
  });
});

/** The merged value of each service's `key`, as plain data, with whether each entry keeps a place in the main file. */
function merged(text: string, override: string, key: string): Record<string, unknown> {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document);
  const view = new YamlView(file, document);
  const model = composeModel(view, { overrideOf: overrideServiceLookup(override) });
  const out: Record<string, unknown> = {};
  const plain = (node: unknown): unknown => {
    const where = view.range(node) ? '' : ' (override)';
    if (view.map(node)) {
      return Object.fromEntries(view.pairs(node).map((p) => [`${view.keyOf(p) ?? ''}${view.range(p.key) ? '' : ' (override)'}`, plain(view.resolve(p.value))]));
    }
    if (view.seq(node)) {
      return view.items(node).map((i) => plain(i));
    }
    return node === null || node === undefined ? null : `${view.str(node) ?? ''}${where}`;
  };
  for (const s of model?.services ?? []) {
    const path = key.split('.');
    let value: unknown = s;
    for (const k of path) {
      value = mergedGet(view, value, k);
    }
    out[s.name] = plain(value);
  }
  return out;
}

describe('Compose: how the override file merges list and mapping forms (compose-go override/merge.go, uncity.go)', () => {
  const svc = (body: string) => `services:\n  app:\n    image: app:1\n${body}`;
  it('environment, labels, build.args: by key, in the main file\'s form, its own entries keeping their places', () => {
    assert.deepEqual(merged(svc('    environment:\n      - MODE=prod\n      - KEEP=1\n'), svc('    environment:\n      MODE: dev\n      NEW: x\n'), 'environment'), { app: ['MODE=dev (override)', 'KEEP=1', 'NEW=x (override)'] });
    assert.deepEqual(merged(svc('    environment:\n      MODE: prod\n      KEEP: 1\n'), svc('    environment:\n      - MODE=dev\n      - BARE\n'), 'environment'), { app: { 'MODE (override)': 'dev (override)', KEEP: '1', 'BARE (override)': null } });
    assert.deepEqual(merged(svc('    environment:\n      - MODE=prod\n'), svc('    environment:\n      - MODE=dev\n'), 'environment'), { app: ['MODE=dev (override)'] });
    assert.deepEqual(merged(svc('    labels: [a=1, b=2]\n'), svc('    labels: {b: "3"}\n'), 'labels'), { app: ['a=1', 'b=3 (override)'] });
    assert.deepEqual(merged(svc('    build:\n      context: .\n      args: [TORCH=2.3]\n'), svc('    build:\n      args: {TORCH: "2.4", CUDA: "12.4"}\n'), 'build.args'), { app: ['TORCH=2.4 (override)', 'CUDA=12.4 (override)'] });
    assert.deepEqual(merged(svc('    build: .\n'), svc('    build:\n      args: {CUDA: "12.4"}\n'), 'build.context'), { app: '.' }, 'build: . is {context: .}');
  });

  it('depends_on: a list is a mapping of names; volumes: one per mount target; ports: joined', () => {
    assert.deepEqual(merged(svc('    depends_on: [db, cache]\n'), svc('    depends_on:\n      db: {condition: service_healthy}\n      queue: {condition: service_started}\n'), 'depends_on'), {
      app: { db: { 'condition (override)': 'service_healthy (override)' }, cache: null, 'queue (override)': { 'condition (override)': 'service_started (override)' } },
    });
    assert.deepEqual(merged(svc('    volumes:\n      - ./models:/models\n      - ./data:/data:ro\n'), svc('    volumes:\n      - hf:/models\n      - {type: volume, source: logs, target: /logs}\n'), 'volumes'), {
      app: ['hf:/models (override)', './data:/data:ro', { 'type (override)': 'volume (override)', 'source (override)': 'logs (override)', 'target (override)': '/logs (override)' }],
    });
    assert.deepEqual(merged(svc('    ports: ["127.0.0.1:8000:8000"]\n'), svc('    ports: ["127.0.0.1:8000:8000", "9000:9000"]\n'), 'ports'), { app: ['127.0.0.1:8000:8000', '9000:9000 (override)'] });
  });

  it('replaces each ulimit whole, and leaves a value the override leaves empty', () => {
    assert.deepEqual(merged(svc('    ulimits:\n      memlock: {soft: -1, hard: -1}\n      stack: 67108864\n'), svc('    ulimits:\n      memlock: {soft: 1024}\n'), 'ulimits'), {
      app: { 'memlock (override)': { 'soft (override)': '1024 (override)' }, stack: '67108864' },
    });
    assert.deepEqual(merged(svc('    environment:\n      - MODE=prod\n'), svc('    environment:\n'), 'environment'), { app: ['MODE=prod'] });
  });
});
