import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useLintRepo } from '../support/lint-repo';

/** MLC402 (error) at 9:15-9:20; MLC201 (warning) at 3:12-3:17. */
const gpuCompose = `services:
  trainer:
    image: acme
    shm_size: 8gb
    deploy:
      resources:
        reservations:
          devices:
            - count: 2
              device_ids: ["0", "1"]
              capabilities: [gpu]
    ulimits:
      memlock: -1
`;

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
}

const at = (f: JsonFinding) => `${f.file}:${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}:${f.severity}`;

describe('mlc lint (CLI) on Compose files', () => {
  const { write, lint } = useLintRepo('compose');

  it('picks Compose files in a folder by name and by content; JSON carries the MLC findings; exit 1 on an error', async () => {
    write('compose.yaml', gpuCompose);
    write('deploy/docker-compose.override.yml', 'services:\n  web:\n    image: nginx:latest\n');
    write('stack/app.yaml', 'services:\n  web:\n    image: nginx\n');
    write('stack/other.yaml', 'foo: bar\n');
    const r = await lint('.', '--format', 'json');
    assert.equal(r.code, 1, r.err);
    const findings = JSON.parse(r.out) as JsonFinding[];
    assert.deepEqual(findings.map(at).sort(), [
      'compose.yaml:MLC201@3:12-3:16:warning',
      'compose.yaml:MLC402@9:15-9:20:error',
      'deploy/docker-compose.override.yml:MLC201@3:12-3:24:warning',
      'stack/app.yaml:MLC201@3:12-3:17:warning',
    ]);
    assert.doesNotMatch(r.err, /skipped/);
  });

  it('writes SARIF with the MLC rules, honours .mlc.yaml and --no-inline-ignores', async () => {
    write('compose.yaml', `# mlc-ignore-file MLC402\n${gpuCompose}`);
    write('.mlc.yaml', 'rules:\n  MLC201: error\n');
    const sarif = await lint('compose.yaml', '--format', 'sarif');
    assert.equal(sarif.code, 1);
    const run = (JSON.parse(sarif.out) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string }[] }[] }).runs[0];
    assert.ok(run?.tool.driver.rules.some((r) => r.id === 'MLC405'), 'SARIF lists the enabled MLC rules');
    assert.deepEqual(run?.results.map((x) => `${x.ruleId}:${x.level}`), ['MLC201:error']);
    const audit = await lint('compose.yaml', '--format', 'json', '--no-inline-ignores');
    assert.deepEqual((JSON.parse(audit.out) as JsonFinding[]).map((f) => f.ruleId).sort(), ['MLC201', 'MLC402']);
  });

  it('reports binary Compose content as an I/O problem (exit 2) and a YAML error as MLC001', async () => {
    write('compose.yaml', Buffer.from([0x73, 0x65, 0x72, 0, 1, 2, 0xff]));
    const bin = await lint('compose.yaml', '--format', 'json');
    assert.equal(bin.code, 2);
    assert.match(bin.err, /compose\.yaml: .*binary/);
    write('compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    image: nginx:1.26\n');
    const dup = await lint('compose.yaml', '--format', 'json');
    assert.equal(dup.code, 1);
    assert.deepEqual((JSON.parse(dup.out) as JsonFinding[]).map(at), ['compose.yaml:MLC001@4:5-4:10:error']);
  });

  it('lints a service that extends one in another file merged with it, reading that file when it is not linted', async () => {
    write('common/base.yaml', 'services:\n  gpu-base:\n    image: vllm/vllm-openai:v0.6.3\n    shm_size: 16gb\n    ulimits: {memlock: -1}\n    volumes: [hf:/root/.cache/huggingface]\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: all, capabilities: [gpu]}]\n');
    write('compose.yaml', 'services:\n  llm:\n    extends:\n      file: common/base.yaml\n      service: gpu-base\n    shm_size: 64m\n');
    for (const target of ['.', 'compose.yaml']) {
      const r = await lint(target, '--format', 'json');
      const findings = (JSON.parse(r.out) as JsonFinding[]).filter((f) => f.file === 'compose.yaml').map(at);
      assert.deepEqual(findings, ['compose.yaml:MLC405@6:15-6:18:warning'], target);
    }
  });

  it('reads a base named by extends only inside the repository (an absolute path elsewhere on the machine is not read)', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-outside-'));
    try {
      const base = 'services:\n  gpu-base:\n    image: vllm/vllm-openai:v0.6.3\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: all, capabilities: [gpu]}]\n';
      fs.writeFileSync(path.join(elsewhere, 'base.yaml'), base);
      write('inside/base.yaml', base);
      const extender = (file: string) => `name: demo\nservices:\n  llm:\n    extends:\n      file: ${JSON.stringify(file)}\n      service: gpu-base\n    command: vllm serve m\n`;
      write('compose.yaml', extender('inside/base.yaml'));
      const read = await lint('compose.yaml', '--format', 'json');
      assert.ok((JSON.parse(read.out) as JsonFinding[]).some((f) => f.ruleId === 'MLC405'), 'a base inside the repository is merged: its GPU asks for shm');
      write('compose.yaml', extender(path.join(elsewhere, 'base.yaml')));
      const outside = await lint('compose.yaml', '--format', 'json');
      assert.deepEqual((JSON.parse(outside.out) as JsonFinding[]).filter((f) => f.ruleId === 'MLC405' || f.ruleId === 'MLC408'), [], 'not read: the service is a fragment');
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('follows a base\'s own extends into a further file, relative to the base\'s folder, inside the repository only (driftarr layout)', async () => {
    const gpu = '    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: all, capabilities: [gpu]}]\n';
    const fleet = 'services:\n  default:\n    restart: unless-stopped\n';
    const stackDefaults = (file: string) => `services:\n  default:\n    extends:\n      file: ${JSON.stringify(file)}\n      service: default\n${gpu}`;
    write('common.yml', fleet);
    write('ml/common.yml', stackDefaults('../common.yml'));
    write('ml/docker-compose.yml', 'name: ml\nservices:\n  vllm:\n    extends:\n      file: ./common.yml\n      service: default\n    image: vllm/vllm-openai:v0.6.3\n');
    const shm = (target: string) => lint(target, '--format', 'json').then((r) => (JSON.parse(r.out) as JsonFinding[]).filter((f) => f.ruleId === 'MLC405').map(at));
    for (const target of ['.', 'ml/docker-compose.yml']) {
      assert.deepEqual(await shm(target), ['ml/docker-compose.yml:MLC405@3:3-3:7:warning'], target);
    }
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-outside-'));
    try {
      fs.writeFileSync(path.join(elsewhere, 'common.yml'), fleet);
      write('ml/common.yml', stackDefaults(path.join(elsewhere, 'common.yml')));
      assert.deepEqual(await shm('ml/docker-compose.yml'), [], 'the chain leaves the repository: not read, the service is a fragment');
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('merges the default override file over the main file, read beside it inside the repository, and lints each where it is', async () => {
    const main = 'name: demo\nservices:\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n    volumes: [hf:/root/.cache/huggingface]\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]\nvolumes:\n  hf: {}\n';
    write('compose.yaml', main);
    const shm = (target: string) => lint(target, '--format', 'json').then((r) => (JSON.parse(r.out) as JsonFinding[]).filter((f) => f.ruleId === 'MLC405' || f.ruleId === 'MLC408').map(at));
    assert.deepEqual(await shm('compose.yaml'), ['compose.yaml:MLC405@3:3-3:6:warning', 'compose.yaml:MLC408@3:3-3:6:info']);
    write('docker-compose.override.yml', 'services:\n  llm:\n    shm_size: 16gb\n    ulimits: {memlock: -1}\n');
    for (const target of ['.', 'compose.yaml']) {
      assert.deepEqual(await shm(target), [], target);
    }
  });
});
