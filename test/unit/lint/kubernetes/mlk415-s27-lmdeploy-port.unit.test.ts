import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The readinessProbe MLK415's quick fix adds to the manifest's one serving container. */
function probeFix(text: string): string {
  const [finding] = lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK415');
  assert.ok(finding, 'MLK415 reports the container');
  return finding.fix?.edits[0]?.newText ?? '';
}

describe("MLK415 probes LMDeploy's api_server on /health at its --server-port (default 23333)", () => {
  // Declares a metrics exporter's port first, as a container with a Prometheus sidecar port may: the probe must still
  // reach LMDeploy's HTTP port, not the first declared one.
  const deployment = (command: string, httpPort: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: internlm-chat}
spec:
  selector: {matchLabels: {app: internlm-chat}}
  template:
    metadata: {labels: {app: internlm-chat}}
    spec:
      containers:
      - name: lmdeploy
        image: openmmlab/lmdeploy:v0.10.2-cu12
        command: ${command}
        ports:
        - {containerPort: 9400, name: metrics}
        - {containerPort: ${httpPort}, name: http}
        resources: {limits: {nvidia.com/gpu: "1"}}
`;

  it('the default port 23333 when the command sets none', () => {
    assert.match(probeFix(deployment('["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat"]', 23333)), /path: \/health\n\s+port: 23333\n/);
  });

  it('the port --server-port sets, in either form', () => {
    assert.match(probeFix(deployment('["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat", "--server-port", "8080"]', 8080)), /port: 8080\n/);
    assert.match(probeFix(deployment('["python3", "-m", "lmdeploy", "serve", "api_server", "Qwen/Qwen2.5-7B-Instruct", "--server-port=9000"]', 9000)), /port: 9000\n/);
  });

  it('near miss: a vLLM server keeps its own --port and default 8000', () => {
    const vllm = (command: string, httpPort: number) => deployment(command, httpPort).replace('openmmlab/lmdeploy:v0.10.2-cu12', 'vllm/vllm-openai:v0.6.3');
    assert.match(probeFix(vllm('["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct"]', 8000)), /port: 8000\n/);
    assert.match(probeFix(vllm('["vllm", "serve", "Qwen/Qwen2.5-7B-Instruct", "--port", "8081"]', 8081)), /port: 8081\n/);
  });
});
