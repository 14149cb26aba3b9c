import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A GPU Deployment (or another kind) whose one container runs `command` on an image that starts no server of its own. */
function workload(command: string, extra = '', kind = 'Deployment'): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata: {name: llm}
spec:
  selector: {matchLabels: {app: llm}}
  template:
    metadata: {labels: {app: llm}}
    spec:
      containers:
      - name: server
        image: registry.example.com/ml/llm-runtime:2025.06
        command: ${command}
${extra}        resources: {limits: {nvidia.com/gpu: "1"}}
`;
}

function findings(text: string, id: string) {
  return lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === id);
}

/** The readinessProbe MLK415's quick fix adds, or undefined when MLK415 stays silent. */
function probeFix(text: string): string | undefined {
  const [finding, ...rest] = findings(text, 'MLK415');
  assert.deepEqual(rest, []);
  return finding === undefined ? undefined : (finding.fix?.edits[0]?.newText ?? '');
}

describe('MLK415 knows LMDeploy and SGLang servers by their command, with no port declared', () => {
  it("LMDeploy's api_server, by program, path, python -m and sh -c, probed on /health at 23333 or --server-port", () => {
    assert.match(probeFix(workload('["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat"]')) ?? '', /path: \/health\n\s+port: 23333\n/);
    assert.match(probeFix(workload('["/opt/py3/bin/lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat", "--server-port", "8080"]')) ?? '', /path: \/health\n\s+port: 8080\n/);
    assert.match(probeFix(workload('["python3", "-m", "lmdeploy", "serve", "api_server", "Qwen/Qwen2.5-7B-Instruct", "--server-port=9000"]')) ?? '', /port: 9000\n/);
    assert.match(probeFix(workload('["sh", "-c", "pip install timm && exec lmdeploy serve api_server OpenGVLab/InternVL2-8B --tp 1"]')) ?? '', /port: 23333\n/);
  });

  it("SGLang's launch_server and `sglang serve`, probed on /health at 30000 or --port", () => {
    assert.match(probeFix(workload('["python3", "-m", "sglang.launch_server", "--model-path", "Qwen/Qwen2.5-7B-Instruct"]')) ?? '', /path: \/health\n\s+port: 30000\n/);
    assert.match(probeFix(workload('["python", "-m", "sglang.launch_server", "--model-path", "Qwen/Qwen2.5-7B-Instruct", "--port", "8000"]')) ?? '', /port: 8000\n/);
    assert.match(probeFix(workload('["sglang", "serve", "Qwen/Qwen2.5-7B-Instruct"]')) ?? '', /path: \/health\n\s+port: 30000\n/);
    assert.match(probeFix(workload('["/usr/local/bin/sglang", "serve", "--model-path", "Qwen/Qwen2.5-7B-Instruct", "--port=30001"]')) ?? '', /port: 30001\n/);
  });

  it('the message asks for the HTTP probe on /health, as for vLLM', () => {
    assert.deepEqual(
      findings(workload('["sglang", "serve", "Qwen/Qwen2.5-7B-Instruct"]'), 'MLK415').map((f) => f.message),
      ['container "server" serves a model but has no readinessProbe, so traffic reaches pods still loading weights; add an HTTP readiness probe on /health.'],
    );
  });

  it('near miss: LMDeploy and SGLang commands that serve no model over HTTP', () => {
    for (const command of [
      '["lmdeploy", "chat", "internlm/internlm2_5-7b-chat"]',
      '["lmdeploy", "convert", "internlm2", "/models/internlm2_5-7b-chat", "--dst-path", "/models/turbomind"]',
      '["lmdeploy", "lite", "auto_awq", "internlm/internlm2_5-7b-chat", "--work-dir", "/models/awq"]',
      '["lmdeploy", "serve", "proxy", "--server-port", "8000"]',
      '["lmdeploy", "serve", "api_client", "http://internlm:23333"]',
      '["python3", "-m", "sglang.bench_serving", "--backend", "sglang", "--port", "30000"]',
      '["python3", "-m", "sglang.check_env"]',
      '["python3", "-m", "sglang_router.launch_router", "--worker-urls", "http://qwen-0.qwen:30000"]',
      '["sglang", "version"]',
      '["sh", "-c", "cd /sgl-workspace/sglang && sleep infinity"]',
    ]) {
      assert.equal(probeFix(workload(command)), undefined, command);
    }
  });

  it('near miss: a server with a readinessProbe, and a Job', () => {
    const probe = '        readinessProbe: {httpGet: {path: /health, port: 30000}}\n';
    assert.equal(probeFix(workload('["sglang", "serve", "Qwen/Qwen2.5-7B-Instruct"]', probe)), undefined);
    const job = workload('["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat"]', '', 'Job').replace('  selector: {matchLabels: {app: llm}}\n', '').replace('    spec:\n', '    spec:\n      restartPolicy: Never\n');
    assert.equal(probeFix(job.replace('apps/v1', 'batch/v1')), undefined);
  });

  it('MLK416 sees them as serving containers too: a liveness probe that kills the model load', () => {
    const liveness = '        livenessProbe: {httpGet: {path: /health, port: 23333}}\n';
    assert.equal(findings(workload('["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat"]', liveness), 'MLK416').length, 1);
    assert.deepEqual(findings(workload('["lmdeploy", "lite", "auto_awq", "internlm/internlm2_5-7b-chat"]', liveness), 'MLK416'), []);
  });

  it('MLC409 is unchanged: it cannot yet read their positional model, so a local path stays unreported', () => {
    const compose = (command: string) => `services:\n  llm:\n    image: openmmlab/lmdeploy:v0.10.2-cu12\n    command: ${command}\n    volumes: ["./models:/models"]\n`;
    assert.deepEqual(lintCompose(compose('lmdeploy serve api_server /models/internlm2_5-7b-chat')).findings.filter((f) => f.ruleId === 'MLC409'), []);
  });
});
