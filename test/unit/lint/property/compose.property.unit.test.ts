import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { compatibleFixes } from '../../../../src/core/lint/compatible-fixes';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';
import { mutated } from './support/mutate';
import { everyRuleOn } from './support/registries';
import { checkProperty, expensivePropertyRuns, timeoutFor } from './support/runs';
import { applyEdits, rangeProblem } from './support/text';

/** Compose projects with the shapes the MLC rules read (GPU reservations, ports, env, volumes), valid and not. */
const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
const port = fc.oneof(
  fc.constantFrom('8888:8888', '127.0.0.1:8080:80', '22:22', '9000-9002:9000-9002', '[::1]:80:80', '53:53/udp', '${PORT}:80', 'a:b', '99999:1', ''),
  fc.integer({ min: -1, max: 70000 }),
  fc.record({ target: fc.integer({ min: 0, max: 70000 }), published: fc.oneof(fc.constant('8265'), fc.integer()), host_ip: fc.constantFrom('127.0.0.1', '0.0.0.0') }, { requiredKeys: [] }),
);
const device = fc.record({
  driver: fc.constantFrom('nvidia', 'amd'),
  count: fc.oneof(fc.constant('all'), fc.integer({ min: -1, max: 8 })),
  device_ids: fc.array(fc.constantFrom('0', '1', 'GPU-x'), { maxLength: 3 }),
  capabilities: fc.array(fc.constantFrom('gpu', 'compute', 'utility'), { maxLength: 2 }),
  cout: fc.integer(),
}, { requiredKeys: [] });
const service = fc.record({
  image: fc.constantFrom('vllm/vllm-openai:v0.6.3', 'ollama/ollama', 'nginx', 'nvcr.io/nvidia/pytorch:24.05-py3', 'registry.example:5000/x', '${IMAGE}', ''),
  build: fc.oneof(fc.constant('.'), fc.record({ context: fc.constant('.'), shm_size: fc.constantFrom('2g', 'lots', 1024), args: fc.dictionary(fc.constantFrom('HF_TOKEN', 'VERSION'), fc.string({ maxLength: 6 }), { maxKeys: 2 }) }, { requiredKeys: [] })),
  container_name: fc.constantFrom('web', 'bad name', '${X}'),
  command: fc.oneof(fc.constant('torchrun --nproc_per_node 8 train.py'), fc.constant(['vllm', 'serve', '--model', 'm']), fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })),
  restart: fc.constantFrom('always', 'unless-stopped', 'no'),
  runtime: fc.constantFrom('nvidia', 'runc'),
  gpus: fc.oneof(fc.constant('all'), fc.array(device, { maxLength: 2 })),
  shm_size: fc.constantFrom('8gb', '64m', 'lots', 1073741824, '${SHM}'),
  ipc: fc.constantFrom('host', 'shareable', 'service:x'),
  privileged: fc.boolean(),
  cap_add: fc.array(fc.constantFrom('SYS_ADMIN', 'ALL', 'NET_ADMIN'), { maxLength: 2 }),
  ports: fc.array(port, { maxLength: 3 }),
  expose: fc.array(fc.constantFrom('1:30', '6006', 80), { maxLength: 2 }),
  environment: fc.oneof(fc.dictionary(fc.constantFrom('HF_TOKEN', 'TOKENIZERS_PARALLELISM', 'HF_HOME'), fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)), { maxKeys: 2 }), fc.array(fc.constantFrom('HF_TOKEN=hf_x', 'A=b', 'WANDB_API_KEY'), { maxLength: 2 })),
  volumes: fc.array(fc.oneof(fc.constantFrom('/var/run/docker.sock:/var/run/docker.sock', 'hf:/root/.cache/huggingface', './x:/x:ro'), fc.record({ type: fc.constant('bind'), source: fc.constant('/run/docker.sock'), target: fc.constant('/s') })), { maxLength: 2 }),
  depends_on: fc.oneof(fc.array(name, { maxLength: 2 }), fc.dictionary(name, fc.record({ condition: fc.constantFrom('service_healthy', 'service_started') }), { maxKeys: 2 })),
  healthcheck: fc.record({ test: fc.constant(['CMD', 'true']), disable: fc.boolean() }, { requiredKeys: [] }),
  ulimits: fc.record({ memlock: fc.oneof(fc.constant(-1), fc.record({ soft: fc.constant(-1), hard: fc.constant(-1) })), stack: fc.constant(67108864) }, { requiredKeys: [] }),
  deploy: fc.record({
    replicas: fc.integer({ min: 0, max: 3 }),
    restart_policy: fc.record({ condition: fc.constantFrom('any', 'on-failure') }),
    resources: fc.record({ reservations: fc.record({ devices: fc.array(device, { maxLength: 2 }) }), limits: fc.record({ devices: fc.array(device, { maxLength: 1 }), memory: fc.constant('8g') }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  }, { requiredKeys: [] }),
}, { requiredKeys: [] });
const project = fc.record({
  version: fc.constant('3.8'),
  name,
  services: fc.dictionary(name, fc.oneof(service, fc.constant(null)), { maxKeys: 4 }),
  volumes: fc.dictionary(name, fc.constant({}), { maxKeys: 1 }),
}, { requiredKeys: ['services'] });
const composeArb: fc.Arbitrary<string> = project.map((p) => stringify(p, { lineWidth: 0 }));

describe('property: Compose rules on random and mutated Compose files', function () {
  this.timeout(timeoutFor(expensivePropertyRuns, 150));
  const ids = composeRules.map((r) => r.meta.id);
  const config: MlcConfig = everyRuleOn(ids);
  config.rules.MLC407 = { severity: 'on', options: { minVersion: '2.20' } };
  const hostile = fc.oneof({ arbitrary: mutated(composeArb, 4, 300), weight: 4 }, { arbitrary: composeArb, weight: 2 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 });

  function lintChecked(text: string) {
    const result = lintCompose(text, { config, path: 'compose.yaml' });
    assert.deepEqual(result.problems.filter((p) => p.message.startsWith('internal error')), [], 'a rule threw');
    const lines = text.split('\n');
    for (const f of result.findings) {
      const problem = rangeProblem(f.range, lines);
      assert.equal(problem, undefined, `${f.ruleId} range ${JSON.stringify(f.range)}: ${problem ?? ''}`);
      assert.ok(ids.includes(f.ruleId), `unknown rule ID ${f.ruleId}`);
      for (const e of f.fix?.edits ?? []) {
        const edit = rangeProblem(e.range, lines);
        assert.equal(edit, undefined, `${f.ruleId} fix edit ${JSON.stringify(e.range)}: ${edit ?? ''}`);
      }
    }
    return result;
  }

  it('generated projects reach the GPU, port and secret rules (the sample is not vacuous)', () => {
    const seen = new Set<string>();
    fc.sample(composeArb, { numRuns: 200, seed: 7 }).forEach((text) => lintChecked(text).findings.forEach((f) => seen.add(f.ruleId)));
    for (const id of ['MLC101', 'MLC102', 'MLC201', 'MLC401', 'MLC402', 'MLC405', 'MLC410']) {
      assert.ok(seen.has(id), `no generated project triggered ${id}`);
    }
  });

  it('lintCompose with every rule on never throws; ranges and fix edits lie inside the text; fixed text still lints', () => {
    checkProperty('compose-lint-fix', hostile, (text) => {
      const { findings } = lintChecked(text);
      const edits = compatibleFixes(findings).flatMap((f) => f.fix?.edits ?? []);
      if (edits.length > 0) {
        lintChecked(applyEdits(text, edits));
      }
    }, expensivePropertyRuns);
  });
});
