import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { alwaysSucceedingCommand } from '../../../../src/core/lint/rules/kubernetes/probe-always-succeeds';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** The helper's answer for an exec probe running `command` (YAML flow sequence items). */
function noop(command: string): string | undefined {
  const file = parseYaml(`probe: {exec: {command: [${command}]}}\n`);
  const document = file.documents[0];
  assert.ok(document);
  const view = new YamlView(file, document);
  return alwaysSucceedingCommand(view, view.get(view.root, 'probe'));
}

/** A Deployment whose one container has the given image, port and probe lines (indented under the container). */
const deployment = (image: string, extra: string[]): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: app}',
    'spec:',
    '  selector: {matchLabels: {app: app}}',
    '  template:',
    '    metadata: {labels: {app: app}}',
    '    spec:',
    '      containers:',
    '        - name: app',
    `          image: ${image}`,
    ...extra.map((l) => `          ${l}`),
    '',
  ].join('\n');

const vllm = (probes: string[]) =>
  deployment('vllm/vllm-openai:v0.8.5', ['args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]', 'ports: [{containerPort: 8000}]', 'resources: {limits: {nvidia.com/gpu: 1}}', ...probes]);

const orTrue = 'exec: {command: [sh, -c, "curl -sf localhost:8000/health || true"]}';

function findings(text: string, id: string, on = false) {
  const config = emptyConfig();
  if (on) {
    config.rules[id] = { severity: 'on' };
  }
  return lintManifest(text, { config, fixes: true }).findings.filter((f) => f.ruleId === id);
}

describe('alwaysSucceedingCommand: shell scripts whose last list cannot fail', () => {
  it('finds a check made harmless by `|| true`, `|| exit 0`, `|| :`, or by `; true`, `; exit 0`, `; :` after it', () => {
    for (const script of [
      'curl -f localhost:8000/health || true',
      'curl -f localhost:8000/health || exit 0',
      'curl -f localhost:8000/health || :',
      'curl -f localhost:8000/health; true',
      'curl -f localhost:8000/health; exit 0',
      'curl -f localhost:8000/health; :',
      'curl -sf localhost:8000/health > /dev/null 2>&1 || true',
      'curl -sf localhost:8000/health | grep -q ok || /bin/true',
      'curl -sf localhost:8000/health && echo ok || echo down',
      'set -e; curl -sf localhost:8000/health || true',
    ]) {
      assert.equal(noop(`sh, -c, "${script}"`), script, script);
    }
    assert.equal(noop('bash, -ec, "curl -sf localhost:8000/health || true"'), 'curl -sf localhost:8000/health || true', 'errexit: every list succeeds');
  });

  it('quotes a script of several lines on one line', () => {
    assert.equal(noop('sh, -c, "test -f /tmp/ready\\nexit 0\\n"'), 'test -f /tmp/ready exit 0');
  });

  it('leaves alone a script whose status still depends on its check', () => {
    for (const script of [
      'test -f /ready || exit 1',
      'curl -f localhost:8000/health || (sleep 1; exit 1)',
      'curl -s localhost:8000/warmup || true && curl -f localhost:8000/health',
      'set -e; curl -f localhost:8000/health; true',
      'set -euo pipefail; curl -f localhost:8000/health; exit 0',
      'set -o errexit; curl -f localhost:8000/health; :',
      'curl -f localhost:8000/health || exit 1; true',
      'exit 1 || true',
      'exec curl -f localhost:8000/health || true',
      'echo ok;exit 1',
      "grep -q 'ready || true' /tmp/status",
      'curl -f localhost:8000/health # || true',
      'ready=$(cat /tmp/ready)',
      '! curl -f localhost:8000/health || true',
    ]) {
      assert.equal(noop(`sh, -c, "${script}"`), undefined, script);
    }
    assert.equal(noop('bash, -ec, "curl -f localhost:8000/health; true"'), undefined, 'sh -ec: the failing check ends the script');
    assert.equal(noop('sh, -e, -c, "curl -f localhost:8000/health; exit 0"'), undefined, 'sh -e -c');
  });
});

describe('MLK311 and MLK312: a probe that always succeeds protects nothing', () => {
  it('MLK311 reports a readinessProbe that always succeeds on its key, with what to probe instead, and no fix', () => {
    const [f, ...rest] = findings(deployment('registry.example/api:1.0', ['ports: [{containerPort: 8080}]', 'readinessProbe: {exec: {command: [sh, -c, "curl -f localhost:8080/health || true"]}}']), 'MLK311');
    assert.deepEqual(rest, []);
    assert.ok(f);
    assert.equal(f.range.start.line, 13);
    assert.equal(f.message, 'container "app" listens on port 8080 but its readinessProbe always succeeds (exec "curl -f localhost:8080/health || true"), so it gets traffic before it is ready; replace it with a check of the server itself (an httpGet on its health endpoint, or a tcpSocket on port 8080).');
    assert.equal(f.fix, undefined, 'inserting a second readinessProbe key would break the file');
  });

  it("MLK311 names a known model server's own endpoint", () => {
    const text = deployment('tensorflow/serving:2.14.1', ['env: [{name: MODEL_NAME, value: finance}]', 'ports: [{containerPort: 8500}, {containerPort: 8501}]', 'readinessProbe: {exec: {command: [/bin/true]}}']);
    assert.match(findings(text, 'MLK311')[0]?.message ?? '', /its readinessProbe always succeeds \(exec "\/bin\/true"\), so it gets traffic before it is ready; replace it with an HTTP readiness probe on \/v1\/models\/finance\.$/);
  });

  it('MLK311 stays silent on a readinessProbe that can fail and on a container with no port', () => {
    assert.deepEqual(findings(deployment('registry.example/api:1.0', ['ports: [{containerPort: 8080}]', 'readinessProbe: {exec: {command: [sh, -c, "curl -f localhost:8080/health || exit 1"]}}']), 'MLK311'), []);
    assert.deepEqual(findings(deployment('registry.example/worker:1.0', ['readinessProbe: {exec: {command: [sh, -c, "echo ok"]}}']), 'MLK311'), []);
  });

  it('a GPU serving container with a no-op readinessProbe gets MLK415 alone, not MLK311 as well', () => {
    const text = vllm([`readinessProbe: {${orTrue}}`]);
    const reported = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK415' || f.ruleId === 'MLK311');
    assert.deepEqual(reported.map((f) => `${f.ruleId}@${f.range.start.line}`), ['MLK415@15']);
    assert.match(reported[0]?.message ?? '', /its readinessProbe always succeeds \(exec "curl -sf localhost:8000\/health \|\| true"\)/);
    const alone = lintManifest(text, { config: { ...emptyConfig(), rules: { MLK415: { severity: 'off' } } } }).findings.filter((f) => f.ruleId === 'MLK311');
    assert.deepEqual(alone, [], 'a GPU serving container is MLK415\'s even when MLK415 is off');
  });

  it('MLK312 (when on) reports a livenessProbe that always succeeds on its key', () => {
    const [f, ...rest] = findings(deployment('registry.example/api:1.0', ['livenessProbe: {exec: {command: [sh, -c, "pgrep -f server.py; exit 0"]}}']), 'MLK312', true);
    assert.deepEqual(rest, []);
    assert.ok(f);
    assert.equal(f.range.start.line, 12);
    assert.equal(f.message, 'container "app" has a livenessProbe that always succeeds (exec "pgrep -f server.py; exit 0"), so a hung process is never restarted; make it check the server (an httpGet on its health endpoint), with a budget that covers start-up (or a startupProbe).');
    assert.deepEqual(findings(deployment('registry.example/api:1.0', ['livenessProbe: {exec: {command: [sh, -c, "pgrep -f server.py"]}}']), 'MLK312', true), []);
    assert.deepEqual(findings(deployment('registry.example/api:1.0', ['livenessProbe: {exec: {command: [/bin/true]}}']), 'MLK312'), [], 'off by default');
  });

  it('MLK416 and MLK313 leave alone a liveness probe that ends in `|| true`', () => {
    const text = vllm([`livenessProbe: {${orTrue}}`, `readinessProbe: {${orTrue}}`]);
    assert.deepEqual(findings(text, 'MLK416'), []);
    assert.deepEqual(findings(text, 'MLK313'), []);
  });
});
