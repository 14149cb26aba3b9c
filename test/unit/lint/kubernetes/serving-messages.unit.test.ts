import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

function findings(text: string, id: string) {
  return lintManifest(text).findings.filter((f) => f.ruleId === id);
}

describe('MLK415 suggests the readiness endpoint the serving image really has', () => {
  // Trimmed from ollama/ollama examples/kubernetes/gpu.yaml: Ollama answers GET / ("Ollama is running"); it has no /health.
  const ollama = (ports: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ollama\n  namespace: ollama\nspec:\n  strategy:\n    type: Recreate\n  selector:\n    matchLabels:\n      name: ollama\n  template:\n    metadata:\n      labels:\n        name: ollama\n    spec:\n      containers:\n      - name: ollama\n        image: ollama/ollama:latest\n${ports}        resources:\n          limits:\n            nvidia.com/gpu: 1\n`;

  it('Ollama: a probe on / at its declared port', () => {
    const [f] = findings(ollama('        ports:\n        - name: http\n          containerPort: 11434\n          protocol: TCP\n'), 'MLK415');
    assert.match(f?.message ?? '', /add an HTTP readiness probe on \/\.$/);
    assert.match(f?.fix?.edits[0]?.newText ?? '', /path: \/\n\s+port: 11434\n/);
  });

  it('Ollama without declared ports: its default port 11434', () => {
    const [f] = findings(ollama(''), 'MLK415');
    assert.match(f?.fix?.edits[0]?.newText ?? '', /path: \/\n\s+port: 11434\n/);
  });

  it('NVIDIA NIM: /v1/health/ready on its port 8000', () => {
    // Trimmed from NVIDIA/nim-deploy kserve/runtimes/llama-3.1-8b-instruct-1.1.0.yaml (no ports declared here).
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nvcr.io/nim/meta/llama3-8b-instruct:1.0.0\n';
    const [f] = findings(text, 'MLK415');
    assert.match(f?.message ?? '', /on \/v1\/health\/ready\.$/);
    assert.match(f?.fix?.edits[0]?.newText ?? '', /path: \/v1\/health\/ready\n\s+port: 8000\n/);
  });

  it('ComfyUI, TorchServe, MLServer, LocalAI, LiteLLM and the AUTOMATIC1111 web UI: their own endpoints', () => {
    const pod = (image: string, port: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n      ports: [{containerPort: ${port}}]\n      resources: {limits: {nvidia.com/gpu: 1}}\n`;
    const cases: [string, string, string][] = [
      ['obeliks/comfyui:sha-ebf5c41-cu121', '/system_stats', '8188'],
      ['pytorch/torchserve:0.12.0-gpu', '/ping', '8080'],
      ['seldonio/mlserver:1.6.1', '/v2/health/ready', '8080'],
      ['localai/localai:v2.24.2-cublas-cuda12', '/readyz', '8080'],
      ['ghcr.io/berriai/litellm:main-v1.55.8', '/health/readiness', '4000'],
      ['universonic/stable-diffusion-webui:v1.10.1', '/internal/ping', '7860'],
    ];
    for (const [image, path, port] of cases) {
      const [f] = findings(pod(image, port), 'MLK415');
      assert.ok(f, image);
      assert.ok(f.message.endsWith(`on ${path}.`), `${image}: ${f.message}`);
      assert.match(f.fix?.edits[0]?.newText ?? '', new RegExp(`path: ${path}\\n\\s+port: ${port}\\n`), image);
    }
  });

  it('TensorFlow Serving: its model status /v1/models/<MODEL_NAME> on the REST port 8501, not gRPC 8500', () => {
    // Shape of kubeflow/examples financial_time_series tfserving.yaml, on the tensorflow/serving image with a GPU.
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: tensorflow/serving:2.14.1-gpu\n      env: [{name: MODEL_NAME, value: resnet}]\n      ports: [{containerPort: 8500}, {containerPort: 8501}]\n      resources: {limits: {nvidia.com/gpu: 1}}\n';
    const [f] = findings(text, 'MLK415');
    assert.ok(f?.message.endsWith('on /v1/models/resnet.'), f?.message);
    assert.match(f?.fix?.edits[0]?.newText ?? '', /path: \/v1\/models\/resnet\n\s+port: 8501\n/);
  });

  it('servers the command starts: tensorflow_model_server, tritonserver (in a shell) and torchserve, at the ports their flags set', () => {
    const pod = (command: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/server:1\n      command: ${command}\n      ports: [{containerPort: 9000}, {containerPort: 8080}]\n      resources: {limits: {nvidia.com/gpu: 1}}\n`;
    const cases: [string, string, string][] = [
      ['[/usr/bin/tensorflow_model_server, --port=9000, --rest_api_port=8080, --model_name=finance]', '/v1/models/finance', '8080'],
      ['[sh, -c, "tritonserver --model-repository=gs://bucket/repo --http-port 8080"]', '/v2/health/ready', '8080'],
      ['[torchserve, --start, --model-store, /models]', '/ping', '8080'],
    ];
    for (const [command, path, port] of cases) {
      const [f] = findings(pod(command), 'MLK415');
      assert.ok(f?.message.endsWith(`on ${path}.`), `${command}: ${f?.message}`);
      assert.match(f?.fix?.edits[0]?.newText ?? '', new RegExp(`path: ${path}\\n\\s+port: ${port}\\n`), command);
    }
  });

  it('a KServe InferenceService: its framework server, named after the InferenceService, on 8080', () => {
    const isvc = (predictor: string) =>
      `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: flowers}\nspec:\n  predictor:\n${predictor}      storageUri: gs://bucket/flowers\n      ports: [{containerPort: 8080}]\n      resources: {limits: {nvidia.com/gpu: 1}}\n`;
    assert.ok(findings(isvc('    tensorflow:\n'), 'MLK415')[0]?.message.endsWith('on /v1/models/flowers.'));
    assert.ok(findings(isvc('    model:\n      modelFormat: {name: triton}\n'), 'MLK415')[0]?.message.endsWith('on /v2/health/ready.'));
    assert.ok(findings(isvc('    model:\n      modelFormat: {name: sklearn}\n      protocolVersion: v2\n'), 'MLK415')[0]?.message.endsWith('on /v2/health/ready.'));
  });

  it('vLLM keeps /health', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: vllm/vllm-openai:v0.9.0\n';
    assert.match(findings(text, 'MLK415')[0]?.message ?? '', /on \/health\.$/);
  });
});

describe('MLK419 names the cache directory of the serving image', () => {
  it('Text Embeddings Inference: /data, not the Hugging Face default', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tei}\nspec:\n  selector: {matchLabels: {app: tei}}\n  template:\n    metadata: {labels: {app: tei}}\n    spec:\n      containers:\n        - name: tei\n          image: ghcr.io/huggingface/text-embeddings-inference:cpu-1.5\n          args: ["--model-id", "BAAI/bge-large-en-v1.5"]\n';
    assert.equal(findings(text, 'MLK419')[0]?.message, 'container "tei" downloads its model into /data on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.');
  });

  it('NVIDIA NIM: its NIM_CACHE_PATH, else /opt/nim/.cache', () => {
    const nim = (env: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nim}\nspec:\n  selector: {matchLabels: {app: nim}}\n  template:\n    metadata: {labels: {app: nim}}\n    spec:\n      containers:\n        - name: nim\n          image: nvcr.io/nim/meta/llama-3.1-8b-instruct:1.3.3\n${env}`;
    assert.match(findings(nim(''), 'MLK419')[0]?.message ?? '', /downloads its model into \/opt\/nim\/\.cache on every restart/);
    assert.match(findings(nim('          env: [{name: NIM_CACHE_PATH, value: /model-store}]\n'), 'MLK419')[0]?.message ?? '', /downloads its model into \/model-store on every restart/);
  });
});

describe('MLK419 says what an emptyDir on the cache keeps', () => {
  // Trimmed from kubernetes-sigs/gateway-api-inference-extension config/manifests/sglang/gpu-deployment.yaml.
  const sglang = (volume: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: sgl}\nspec:\n  selector: {matchLabels: {app: sgl}}\n  template:\n    metadata: {labels: {app: sgl}}\n    spec:\n      containers:\n        - name: sglang\n          image: lmsysorg/sglang:v0.4.6\n          command: [python3, -m, sglang.launch_server, --model-path=Qwen/Qwen3-32B]\n          resources: {limits: {nvidia.com/gpu: 1}}\n          volumeMounts: [{name: cache, mountPath: /root/.cache/huggingface}]\n      volumes:\n        - name: cache\n          ${volume}\n`;

  it('an emptyDir lasts as long as the pod: every new pod downloads again', () => {
    assert.equal(
      findings(sglang('emptyDir: {}'), 'MLK419')[0]?.message,
      'container "sglang" downloads its model into the emptyDir "cache" at /root/.cache/huggingface, which lasts only as long as the pod, so every new pod (a rollout, a rescheduled or added replica) downloads it again; mount a PersistentVolumeClaim (or another persistent volume) there.',
    );
  });

  it('a PersistentVolumeClaim there keeps it', () => {
    assert.deepEqual(findings(sglang('persistentVolumeClaim: {claimName: hf-cache}'), 'MLK419'), []);
  });
});

describe('MLK304 speaks of model downloads only for ML containers', () => {
  const deployment = (container: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers:\n${container}`;

  it('a database or collector: what it writes (logs, caches, temporary files)', () => {
    // Trimmed from kubernetes/website content/en/examples/application/zookeeper/zookeeper.yaml.
    const [f] = findings(deployment('      - name: kubernetes-zookeeper\n        image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10\n        ports: [{containerPort: 2181, name: client}]\n'), 'MLK304');
    assert.equal(f?.message, 'container "kubernetes-zookeeper" has no ephemeral-storage request or limit, so what it writes to its filesystem (logs, caches, temporary files) can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.');
  });

  it('a GPU server: a model download', () => {
    const [f] = findings(deployment('      - name: vllm\n        image: vllm/vllm-openai:v0.9.0\n        resources: {limits: {nvidia.com/gpu: 1}}\n'), 'MLK304');
    assert.match(f?.message ?? '', /so a model download into its filesystem can fill the node disk/);
  });

  it('a GPU server that loads its model from a hostPath or PVC: what it writes, no download', () => {
    // Shape of aws-samples/gen-ai-on-eks vllm-deployment.yaml: the weights sit on the node's /local-storage.
    const [f] = findings(
      deployment('      - name: vllm\n        image: vllm/vllm-openai:v0.9.0\n        args: [--model=/local-storage/models/mistral]\n        resources: {limits: {nvidia.com/gpu: 1}}\n        volumeMounts: [{name: local, mountPath: /local-storage, readOnly: true}]\n      volumes: [{name: local, hostPath: {path: /local-storage}}]\n'),
      'MLK304',
    );
    assert.match(f?.message ?? '', /so what it writes to its filesystem \(logs, caches, temporary files\) can fill the node disk/);
  });
});

describe('MLK304 says KServe\'s storage initializer fills the disk, and only when it downloads', () => {
  const isvc = (storageUri: string) =>
    `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: bloom}\nspec:\n  predictor:\n    pytorch:\n      storageUri: ${storageUri}\n      resources: {limits: {nvidia.com/gpu: 2}}\n`;

  it('a bucket: the download into an emptyDir, sized above the model', () => {
    // Shape of kserve/website docs/modelserving/v1beta1/llm/torchserve/accelerate/bloom.yaml.
    assert.deepEqual(findings(isvc('gs://bucket/bloom'), 'MLK304').map((f) => f.message), [
      'container "kserve-container" has no ephemeral-storage request or limit, so the model KServe\'s storage initializer downloads from storageUri into an emptyDir on the node disk can fill it and get pods evicted; set resources.requests/limits.ephemeral-storage above the model\'s size.',
    ]);
  });

  it('a PersistentVolumeClaim (mounted, not copied): what the server writes', () => {
    assert.match(findings(isvc('pvc://models/bloom'), 'MLK304')[0]?.message ?? '', /so what it writes to its filesystem \(logs, caches, temporary files\)/);
  });
});

describe('MLK104 names the model cache the image really uses', () => {
  const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: ${image}\n`;

  it('NVIDIA NIM: /opt/nim/.cache; other images: the Hugging Face cache', () => {
    assert.match(findings(pod('nvcr.io/nim/meta/llama3-8b-instruct:1.0.0'), 'MLK104')[0]?.message ?? '', /\(e\.g\. \/opt\/nim\/\.cache\)\.$/);
    assert.match(findings(pod('vllm/vllm-openai:v0.6.2'), 'MLK104')[0]?.message ?? '', /\(e\.g\. \/root\/\.cache\/huggingface\)\.$/);
  });
});
