import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { defaultOverrideFor } from '../../../../src/core/lint/compose/extends-files';

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
    const tooSmall = lint(main, 'services:\n  vllm:\n    shm_size: 64m\n    ports: ["8001:8000"]\n');
    assert.ok(tooSmall.findings.every((f) => f.range.start.line <= 19), JSON.stringify(tooSmall.findings));
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
