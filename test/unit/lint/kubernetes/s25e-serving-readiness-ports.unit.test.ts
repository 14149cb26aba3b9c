import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** MLK415's message and quick-fix text on the manifest's one serving container. */
function probe(text: string): { message: string; fix: string } {
  const [finding] = lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK415');
  assert.ok(finding, 'MLK415 reports the container');
  return { message: finding.message, fix: finding.fix?.edits[0]?.newText ?? '' };
}

describe("MLK415 probes Triton's OpenAI frontend on its own path and port", () => {
  // Trimmed from kubernetes-sigs/gateway-api-inference-extension config/manifests/triton/deployment.yaml.
  const deployment = (run: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: llama-triton-deployment}
spec:
  selector: {matchLabels: {app: llama-triton}}
  template:
    metadata: {labels: {app: llama-triton}}
    spec:
      containers:
      - name: triton-server
        image: nvcr.io/nvidia/tritonserver:25.01-trtllm-python-py3
        command: ["/bin/bash", "-c"]
        args:
          - |
            pip install /opt/tritonserver/python/triton*.whl
            cd server/python/openai/
            ${run}
        ports:
        - {containerPort: 9000, name: http}
        - {containerPort: 9001, name: grpc}
        resources: {limits: {nvidia.com/gpu: 1}}
`;

  it('openai_frontend/main.py: /health/ready on its OpenAI port (9000), not the KServe v2 path', () => {
    const { message, fix } = probe(deployment('python3 openai_frontend/main.py --model-repository /models/llama_ifb --tokenizer meta-llama/Llama-2-7b-chat-hf'));
    assert.match(message, /add an HTTP readiness probe on \/health\/ready\.$/);
    assert.match(fix, /path: \/health\/ready\n\s+port: 9000/);
  });

  it('its --openai-port moves the probe', () => {
    assert.match(probe(deployment('python3 openai_frontend/main.py --model-repository /models --openai-port 9001')).fix, /port: 9001/);
  });

  it('near miss: tritonserver itself keeps /v2/health/ready', () => {
    assert.match(probe(deployment('tritonserver --model-repository=/models --http-port=9000')).message, /on \/v2\/health\/ready\.$/);
  });
});

describe("MLK415's /health probe goes to the port the LLM server's --port sets", () => {
  // Trimmed from the AMD example of cfchase/rhoai-api-docs docs/serving/llms.md: KServe forwards to the runtime's 8080.
  const runtime = (args: string) => `apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata: {name: amd-model}
spec:
  containers:
    - name: kserve-container
      image: 'quay.io/modh/vllm:rhoai-2.20-rocm'
      args: ${args}
      command: [python, '-m', vllm.entrypoints.openai.api_server]
      resources: {limits: {amd.com/gpu: '1'}}
  supportedModelFormats: [{name: vLLM, autoSelect: true}]
`;

  it('vLLM with --port=8080: the probe on 8080, not vLLM’s default 8000', () => {
    const { message, fix } = probe(runtime("['--port=8080', '--model=/mnt/models']"));
    assert.match(message, /on \/health\.$/);
    assert.match(fix, /path: \/health\n\s+port: 8080/);
  });

  it('near miss: vLLM without --port keeps 8000', () => {
    assert.match(probe(runtime("['--model=/mnt/models']")).fix, /path: \/health\n\s+port: 8000/);
  });

  it('the server’s --port, not the one of a ray start before it', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: vllm}
spec:
  containers:
    - name: vllm
      image: vllm/vllm-openai:v0.8.5
      command: [sh, -c, "ray start --head --port=6379 && vllm serve Qwen/Qwen2.5-7B --port 8080"]
      resources: {limits: {nvidia.com/gpu: 1}}
`;
    assert.match(probe(pod).fix, /port: 8080/);
  });

  it('SGLang without --port: its default 30000', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: sglang}
spec:
  containers:
    - name: sglang
      image: lmsysorg/sglang:v0.4.6
      command: [python3, -m, sglang.launch_server, --model-path, Qwen/Qwen3-8B]
      resources: {limits: {nvidia.com/gpu: 1}}
`;
    assert.match(probe(pod).fix, /port: 30000/);
  });

  it('near miss: a server the linter does not know keeps its --port out of it (the declared port wins)', () => {
    const pod = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: registry.example/llm-api:1.0
          args: [--port, "9100"]
          ports: [{containerPort: 8080}]
          resources: {limits: {nvidia.com/gpu: 1}}
`;
    assert.match(probe(pod).fix, /path: \/health\n\s+port: 8080/);
  });
});
