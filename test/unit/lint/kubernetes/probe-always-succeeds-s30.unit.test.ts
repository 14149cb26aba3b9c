import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { alwaysSucceedingCommand, probeCanFail } from '../../../../src/core/lint/rules/kubernetes/probe-always-succeeds';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** The helper's answer for a probe written as one YAML flow mapping. */
function noop(probe: string): string | undefined {
  const file = parseYaml(`probe: ${probe}\n`);
  const document = file.documents[0];
  assert.ok(document);
  const view = new YamlView(file, document);
  return alwaysSucceedingCommand(view, view.get(view.root, 'probe'));
}

/** A one-GPU vLLM Deployment whose container has the given probe lines (indented under the container). */
const vllm = (probes: string[]): string =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: vllm}',
    'spec:',
    '  selector: {matchLabels: {app: vllm}}',
    '  template:',
    '    metadata: {labels: {app: vllm}}',
    '    spec:',
    '      containers:',
    '        - name: vllm',
    '          image: vllm/vllm-openai:v0.8.5',
    '          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--port", "8000"]',
    '          ports: [{containerPort: 8000}]',
    '          resources: {limits: {nvidia.com/gpu: 1}}',
    ...probes.map((l) => `          ${l}`),
    '',
  ].join('\n');

const findings = (text: string, id: string) => lintManifest(text).findings.filter((f) => f.ruleId === id);

describe('alwaysSucceedingCommand: exec probes that can never fail', () => {
  it('finds true, echo, : and exit 0, run directly or by sh|bash -c, and quotes the command as written', () => {
    assert.equal(noop('{exec: {command: [sh, "-c", echo success]}}'), 'echo success');
    assert.equal(noop('{exec: {command: [/bin/bash, -ec, "true; exit 0"]}}'), 'true; exit 0');
    assert.equal(noop('{exec: {command: [sh, -c, ":"]}}'), ':');
    assert.equal(noop('{exec: {command: [sh, -c, "echo ok && /bin/true"]}}'), 'echo ok && /bin/true');
    assert.equal(noop('{exec: {command: [/bin/true]}}'), '/bin/true');
    assert.equal(noop('{exec: {command: [echo, ready]}}'), 'echo ready');
  });

  it('leaves alone a check that can fail, and a command the kubelet cannot start', () => {
    for (const probe of [
      '{exec: {command: [sh, -c, "curl -f localhost:8000/health"]}}',
      '{exec: {command: [sh, -c, "echo ok; exit 1"]}}',
      '{exec: {command: [sh, -c, "echo ok | grep -q ready"]}}',
      '{exec: {command: [sh, -c, "while true; do :; done"]}}',
      '{exec: {command: [sh, /probe.sh]}}',
      '{exec: {command: [cat, /tmp/healthy]}}',
      '{exec: {command: ["echo ok"]}}',
      '{exec: {command: [":"]}}',
      '{exec: {command: [exit, "0"]}}',
      '{httpGet: {path: /health, port: 8000}}',
      '{tcpSocket: {port: 8000}}',
    ]) {
      assert.equal(noop(probe), undefined, probe);
    }
  });

  it('probeCanFail: the container has that probe, and it is no such no-op', () => {
    const canFail = (container: string) => {
      const file = parseYaml(`${container}\n`);
      const document = file.documents[0];
      assert.ok(document);
      const view = new YamlView(file, document);
      assert.ok(view.root);
      return probeCanFail(view, view.root, 'startupProbe');
    };
    assert.equal(canFail('readinessProbe: {httpGet: {path: /health, port: 8000}}'), false, 'no startupProbe');
    assert.equal(canFail('startupProbe: {exec: {command: [sh, -c, "exit 0"]}}'), false);
    assert.equal(canFail('startupProbe: {httpGet: {path: /health, port: 8000}}'), true);
    assert.equal(canFail('startupProbe: {exec: {command: [sh, -c, "curl -sf localhost:8000/health"]}}'), true);
  });
});

describe('MLK415, MLK416, MLK313 and probes that cannot fail', () => {
  it('MLK415: a startupProbe keeps a serving container out of traffic until it succeeds, unless it always succeeds', () => {
    assert.deepEqual(findings(vllm(['startupProbe: {httpGet: {path: /health, port: 8000}, periodSeconds: 10, failureThreshold: 60}']), 'MLK415'), []);
    assert.deepEqual(findings(vllm(['startupProbe: {tcpSocket: {port: 8000}, failureThreshold: 60}']), 'MLK415'), []);
    const noopStartup = findings(vllm(['startupProbe: {exec: {command: [/bin/true]}}']), 'MLK415');
    assert.equal(noopStartup.length, 1);
    assert.match(noopStartup[0]?.message ?? '', /has no readinessProbe/);
  });

  it('MLK415: a readinessProbe that always succeeds is reported as one, on its key, with what to probe instead', () => {
    const [f, ...rest] = findings(vllm(['readinessProbe: {exec: {command: ["sh", "-c", "echo success"]}}']), 'MLK415');
    assert.deepEqual(rest, []);
    assert.ok(f);
    assert.equal(f.range.start.line, 15);
    assert.equal(f.message, 'container "vllm" serves a model but its readinessProbe always succeeds (exec "echo success"), so traffic reaches pods still loading weights; replace it with an HTTP readiness probe on /health.');
    assert.equal(f.fix, undefined, 'inserting a second readinessProbe key would break the file');
    assert.deepEqual(findings(vllm(['readinessProbe: {exec: {command: ["sh", "-c", "curl -sf localhost:8000/health"]}}']), 'MLK415'), [], 'an exec check that can fail');
  });

  it('MLK415: an AIBrix RayClusterFleet is made of KubeRay RayClusters, whose Ray containers KubeRay probes', () => {
    const fleet = (probe: string[]) =>
      [
        'apiVersion: orchestration.aibrix.ai/v1alpha1',
        'kind: RayClusterFleet',
        'metadata: {name: ds}',
        'spec:',
        '  template:',
        '    spec:',
        '      headGroupSpec:',
        '        rayStartParams: {dashboard-host: 0.0.0.0}',
        '        template:',
        '          spec:',
        '            containers:',
        '              - name: ray-head',
        '                image: vllm/vllm-openai:v0.7.1',
        '                command: ["/bin/bash", "-c"]',
        '                args: ["ray start --head --block & vllm serve deepseek-ai/DeepSeek-R1 --port 8000 --tensor-parallel-size 8"]',
        '                ports: [{containerPort: 8000, name: service}]',
        '                resources: {limits: {nvidia.com/gpu: 8}}',
        ...probe.map((l) => `                ${l}`),
        '',
      ].join('\n');
    assert.deepEqual(findings(fleet([]), 'MLK415'), []);
    assert.equal(findings(fleet(['readinessProbe: {exec: {command: [sh, -c, echo success]}}']), 'MLK415').length, 1, 'KubeRay adds no probe to a container that sets one');
  });

  it('MLK416 and MLK313: a liveness probe that always succeeds kills nothing', () => {
    const echo = 'exec: {command: [sh, "-c", "echo success"]}';
    const text = vllm([`livenessProbe: {${echo}}`, `readinessProbe: {${echo}}`]);
    assert.deepEqual(findings(text, 'MLK416'), []);
    assert.deepEqual(findings(text, 'MLK313'), []);
    assert.equal(findings(vllm(['livenessProbe: {exec: {command: [cat, /tmp/ok]}}', 'readinessProbe: {exec: {command: [cat, /tmp/ok]}}']), 'MLK313').length, 1, 'identical checks that can fail');
  });

  it('MLK416: a startupProbe that always succeeds holds the liveness probe off for no time', () => {
    const [f, ...rest] = findings(vllm(['startupProbe: {exec: {command: [sh, -c, "exit 0"]}}', 'livenessProbe: {httpGet: {path: /health, port: 8000}}', 'readinessProbe: {httpGet: {path: /health, port: 8000}}']), 'MLK416');
    assert.deepEqual(rest, []);
    assert.match(f?.message ?? '', /its startupProbe always succeeds \(exec "exit 0"\), so it holds the liveness probe off for no time: make it check the server, with failureThreshold × periodSeconds ≥ \d+\.$/);
    assert.deepEqual(findings(vllm(['startupProbe: {httpGet: {path: /health, port: 8000}, failureThreshold: 60}', 'livenessProbe: {httpGet: {path: /health, port: 8000}}']), 'MLK416'), []);
  });
});
