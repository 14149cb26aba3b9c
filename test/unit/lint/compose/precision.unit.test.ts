import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { parseShortPort } from '../../../../src/core/lint/rules/compose/helpers';
import { hasUrlCredential } from '../../../../src/core/lint/rules/compose/mlc101-secret-literal-in-environment';

const messages = (text: string, ruleId: string): string[] =>
  lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

const gpuService = (name: string, image: string, extra = ''): string => `  ${name}:\n    image: ${image}\n${extra}    deploy:\n      resources:\n        reservations:\n          devices:\n            - capabilities: [gpu]\n`;

describe('Compose rule precision (real-world files)', () => {
  describe('parseShortPort', () => {
    it('reads host IP, host port and container port', () => {
      assert.deepEqual(parseShortPort('8500:8080'), { container: [8080, 8080], protocol: 'tcp', host: [8500, 8500], hostText: '8500' });
      assert.deepEqual(parseShortPort('127.0.0.1:8000-8001:8000-8001/udp'), { container: [8000, 8001], protocol: 'udp', host: [8000, 8001], hostText: '8000-8001', hostIp: '127.0.0.1' });
      assert.deepEqual(parseShortPort('[::1]:80:80'), { container: [80, 80], protocol: 'tcp', host: [80, 80], hostText: '80', hostIp: '::1' });
      assert.deepEqual(parseShortPort('8080'), { container: [8080, 8080], protocol: 'tcp', host: [0, 0] });
    });

    it('judges ${VAR:-default} sections by their defaults and splits outside ${…}', () => {
      assert.deepEqual(parseShortPort('${BIND:-0.0.0.0}:8888:8888'), { container: [8888, 8888], protocol: 'tcp', host: [8888, 8888], hostText: '8888', hostIp: '0.0.0.0', interpolated: true });
      assert.deepEqual(parseShortPort('${PORT:-8080}:8080'), { container: [8080, 8080], protocol: 'tcp', host: [8080, 8080], hostText: '${PORT:-8080}', interpolated: true });
      assert.deepEqual(parseShortPort('${PORT}:8080'), { container: [8080, 8080], protocol: 'tcp', host: [0, 0], hostText: '${PORT}', interpolated: true });
    });

    it('leaves out entries whose host IP cannot be told or whose container port is no port; a container port from a variable is unknown', () => {
      assert.equal(parseShortPort('${BIND}:8080:8080'), undefined);
      assert.equal(parseShortPort('8080:http'), undefined);
      assert.equal(parseShortPort('${PORT}'), undefined, 'nothing is known of a lone variable');
      assert.deepEqual(parseShortPort('8080:${TARGET}'), { protocol: 'tcp', host: [8080, 8080], hostText: '8080', interpolated: true });
      assert.deepEqual(parseShortPort('${PORT}:${PORT}'), { protocol: 'tcp', host: [0, 0], hostText: '${PORT}', interpolated: true });
    });
  });

  it('MLC001 tells a repeated merge key to list its anchors in one <<, and any other duplicate key to go', () => {
    // n8n's self-hosted-ai-starter-kit docker-compose.gpu-optimized.yml: `<<: *gpu-config` then `<<: *logging-config`.
    const text = 'x-a: &a\n  restart: always\nx-b: &b\n  init: true\nservices:\n  ollama:\n    <<: *a\n    <<: *b\n    image: ollama/ollama:0.5.7\n    image: ollama/ollama:0.5.8\n';
    assert.deepEqual(messages(text, 'MLC001'), [
      'Repeated merge key << (Compose v2.17 and later refuse the file: mapping key "<<" already defined); merge the anchors in one list, e.g. <<: [*first, *second].',
      'Duplicate mapping key (Compose refuses the file); remove or rename one of them.',
    ]);
  });

  it('MLC104 tells a reverse proxy that watches containers to read them through a socket proxy', () => {
    // zylon-ai/private-gpt's docker-compose.yaml: Traefik routes to Ollama by the Docker provider, over a `:ro` socket mount.
    const text = 'services:\n  ollama:\n    image: traefik:v2.10\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n  ci:\n    image: acme/runner:1.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
    assert.deepEqual(messages(text, 'MLC104').map((m) => m.replace(/^.*root on the host; /, '')), [
      'Traefik only reads which containers run, so point it at a socket proxy that allows just that (read-only container and event requests) instead of the socket.',
      'remove the socket mount unless the service must manage containers.',
    ]);
  });

  it('MLC102 names the published host port, not the container port', () => {
    const text = 'services:\n  web:\n    image: acme/web:1.0\n    ports:\n      - "8500:8080"\n      - "9000:9000"\n      - "7000"\n';
    assert.deepEqual(messages(text, 'MLC102').map((m) => /publishes (.*) on every interface/.exec(m)?.[1]), ['host port 8500 (container port 8080)', 'port 9000', 'container port 7000 on a random host port']);
  });

  it('MLC102 names the protocol of a UDP entry, so a port published for TCP and UDP reads as two entries', () => {
    // docker/awesome-compose's elasticsearch-logstash-kibana: Logstash publishes 5000/tcp and 5000/udp.
    const text = 'services:\n  logstash:\n    image: logstash:7.16.1\n    ports:\n      - "5000:5000/tcp"\n      - "5000:5000/udp"\n      - "5140:514/udp"\n';
    assert.deepEqual(messages(text, 'MLC102').map((m) => /publishes (.*) on every interface/.exec(m)?.[1]), ['port 5000', 'port 5000/udp', 'host port 5140 (container port 514/udp)']);
  });

  it('MLC405 skips single-process servers and words its message by what the service runs', () => {
    const text = `services:\n${gpuService('ollama', 'ollama/ollama:0.5.7')}${gpuService('comfy', 'mmartial/comfyui-nvidia-docker:latest')}${gpuService('app', 'acme/app:1.0')}${gpuService('vllm', 'vllm/vllm-openai:v0.6.0', '    command: --model Qwen/Qwen3-8B --tensor-parallel-size 2\n')}`;
    const found = messages(text, 'MLC405');
    assert.equal(found.length, 2);
    assert.match(found[0] ?? '', /"app" .*too small if it runs PyTorch DataLoader workers or multi-GPU NCCL/);
    assert.match(found[1] ?? '', /"vllm" .*too small for vLLM's tensor parallelism \(NCCL and PyTorch pass data between its per-GPU worker processes through \/dev\/shm\)/);
  });

  it('MLC408 says count: all may be several GPUs, and counts numbers', () => {
    const text = `services:\n${gpuService('all', 'acme/a:1.0').replace('- capabilities', '- count: all\n              capabilities')}${gpuService('two', 'acme/b:1.0').replace('- capabilities', '- count: 2\n              capabilities')}`;
    const found = messages(text, 'MLC408');
    assert.match(found[0] ?? '', /^GPU service "all" may use several GPUs \(all GPUs requested\) but does not set/);
    assert.match(found[1] ?? '', /^GPU service "two" uses 2 GPUs but does not set/);
  });

  it('MLC408 names the GPUs a vLLM command asks for when every GPU is reserved, and suggests reserving just those', () => {
    // JinwangMok/InferencePack's docker-compose.vllm.yml: --tensor-parallel-size 4 with count: all.
    const text = `services:\n${gpuService('vllm', 'vllm/vllm-openai:v0.10.1', '    command: ["--model", "Qwen/Qwen3-32B", "--tensor-parallel-size", "4", "--pipeline-parallel-size=2"]\n').replace('- capabilities', '- count: all\n              capabilities')}${gpuService('four', 'vllm/vllm-openai:v0.10.1', '    command: --model Qwen/Qwen3-32B --tensor-parallel-size 4\n').replace('- capabilities', '- count: 4\n              capabilities')}`;
    const found = messages(text, 'MLC408');
    assert.match(found[0] ?? '', /^GPU service "vllm" runs vLLM on 8 GPUs \(--tensor-parallel-size 4, --pipeline-parallel-size 2\) but does not set ulimits\.memlock: -1/);
    assert.match(found[0] ?? '', /it reserves all GPUs but uses 8, so reserve count: 8 and leave the rest to other services\.$/);
    assert.match(found[1] ?? '', /^GPU service "four" uses 4 GPUs but does not set ulimits\.memlock: -1, [^;]*; add ulimits memlock: -1 \(and stack: 67108864, as NGC recommends\)\.$/);
  });

  it('MLC405 says first that a GPU-only image requests no GPU', () => {
    const text = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.9.2\n    command: --model Qwen/Qwen3-8B\n';
    assert.deepEqual(messages(text, 'MLC405'), ['Service "vllm" runs vLLM\'s CUDA image, which needs an NVIDIA GPU, but requests none, so it starts without one, and it keeps Docker\'s 64 MB default /dev/shm, which is too small for PyTorch DataLoader workers (they pass batches through /dev/shm) and other multi-process work; reserve a GPU (deploy.resources.reservations.devices with capabilities: [gpu], or gpus:) and set shm_size: "8gb" or ipc: host.']);
  });

  it('MLC405 gives Triton\'s and Ray\'s own reasons for /dev/shm, not DataLoader workers', () => {
    // Triton's Python backend stubs exchange tensors through /dev/shm (a docker-compose.yml serving with tritonserver); a Ray
    // worker's object store lives there (a ray start --address worker with count: all).
    const text = `services:\n${gpuService('triton', 'nvcr.io/nvidia/tritonserver:23.02-py3', '    command: ["tritonserver", "--model-repository=/models"]\n')}${gpuService('multi', 'acme/serving:1.0', '    command: /opt/tritonserver/bin/tritonserver --model-repository=/models\n').replace('- capabilities', '- count: all\n              capabilities')}${gpuService('ray-worker', 'acme/ray-gpu:1.0', '    command: ray start --address=ray-head:6379 --block\n')}`;
    assert.deepEqual(messages(text, 'MLC405'), [
      'GPU service "triton" runs Triton Inference Server and keeps Docker\'s 64 MB default /dev/shm, which is too small for models on Triton\'s Python backend (their stub processes exchange tensors with the server through /dev/shm); set shm_size: "8gb" or ipc: host.',
      'GPU service "multi" runs Triton Inference Server and keeps Docker\'s 64 MB default /dev/shm, which is too small for models on Triton\'s Python backend (their stub processes exchange tensors with the server through /dev/shm) and for NCCL between its GPUs; set shm_size: "8gb" or ipc: host.',
      'GPU service "ray-worker" runs a Ray node and keeps Docker\'s 64 MB default /dev/shm, which is too small for Ray\'s object store (Ray then falls back to /tmp, which slows every object transfer) and for the PyTorch DataLoader workers and NCCL communication of the tasks it runs; set shm_size: "8gb" or ipc: host.',
    ]);
  });

  it('MLC410 names the UI when the image or command shows it; on 5000, Flask\'s default too, only MLflow itself (frigate, whisperX\'s web UI)', () => {
    const text = 'services:\n  frigate:\n    image: ghcr.io/blakeblackshear/frigate:0.14.1\n    ports:\n      - "5000:5000"\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:v2.17.0\n    ports:\n      - "5000:5000"\n  tb:\n    image: acme/trainer:1.0\n    command: tensorboard --logdir /runs --host 0.0.0.0\n    ports:\n      - "6006:6006"\n  lab:\n    image: acme/research-env:2.1\n    ports:\n      - "8888:8888"\n';
    assert.deepEqual(messages(text, 'MLC410').map((m) => /publishes (.*) on every interface/.exec(m)?.[1]), ['MLflow', 'TensorBoard', 'port 8888, the default port of Jupyter,']);
    assert.ok(messages(text, 'MLC102').some((m) => m.startsWith('Service "frigate"')), 'MLC102 still reports the bind on every interface');
  });

  it('MLC410 judges a port by the container port: 8888:8000 publishes a server on 8000 (mem0), 8888 of the OpenTelemetry Collector is its metrics', () => {
    const text = 'services:\n  mem0:\n    image: acme/mem0-api:1.0\n    ports:\n      - "${API_PORT:-8888}:8000"\n  otel-collector:\n    image: otel/opentelemetry-collector-contrib:0.91.0\n    ports:\n      - "8888:8888"\n  lab:\n    image: quay.io/jupyter/base-notebook:2024-10-07\n    ports:\n      - "8888:8000"\n';
    assert.deepEqual(messages(text, 'MLC410').map((m) => /^Service "([^"]+)" publishes (.*) on every interface/.exec(m)?.slice(1)), [['lab', 'Jupyter']]);
  });

  it('reports a node shared through an anchor once per rule and message (n8n starter kit: one image for two services)', () => {
    const text = 'x-n8n: &n8n\n  image: n8nio/n8n:latest\nservices:\n  n8n-import:\n    <<: *n8n\n  n8n:\n    <<: *n8n\n';
    assert.deepEqual(lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC201').map((f) => f.range.start.line), [2]);
  });

  it('MLC004 says when one anchored port entry is published by two services', () => {
    const text = 'x-ui: &ui\n  image: acme/ui:1.0\n  ports:\n    - "7860:7860"\nservices:\n  a:\n    <<: *ui\n  b:\n    <<: *ui\n';
    assert.deepEqual(messages(text, 'MLC004'), ['Host port 7860/tcp is published by services "a" and "b" through this shared entry; the second bind fails at `compose up`, so pick another host port or host IP.']);
  });

  it('names every service that shares an anchored entry in one message (Airflow, stable-diffusion-webui-docker)', () => {
    const text = 'x-base: &base\n  image: acme/ui:1.0\n  ports:\n    - "7860:7860"\nservices:\n  sygil:\n    <<: *base\n    profiles: [a]\n  sygil-sl:\n    <<: *base\n    profiles: [b]\n  auto:\n    <<: *base\n    profiles: [c]\n';
    assert.deepEqual(messages(text, 'MLC102'), ['Service "sygil" (also "sygil-sl" and "auto", through this shared entry) publishes port 7860 on every interface; bind it to 127.0.0.1 (or a specific host IP) unless other machines must reach it.']);
  });

  it('keeps findings of one shared node apart when they differ in more than the service name', () => {
    const text = 'x-env: &env\n  DB_PASSWORD: hunter2\nservices:\n  a:\n    image: acme/a:1.0\n    environment: *env\n  b:\n    image: acme/b:1.0\n    environment: *env\n    build:\n      context: .\n      args: *env\n';
    assert.deepEqual(messages(text, 'MLC101').map((m) => /^Service ("[^"]+"(?: \(also [^)]*\))?) puts .* into ([a-z.]+);/.exec(m)?.slice(1)), [['"a" (also "b", through this shared entry)', 'environment'], ['"b"', 'build.args']]);
  });

  it('MLC103 does not tell a service that already requests its GPUs to request them (dcgm-exporter, trainer with gpus: all)', () => {
    const text = 'services:\n  dcgm-exporter:\n    image: nvcr.io/nvidia/k8s/dcgm-exporter:4.4.2-4.7.1-ubuntu22.04\n    gpus: all\n    cap_add: [ "SYS_ADMIN" ]\n  trainer:\n    image: acme/trainer:1.0\n    privileged: true\n    gpus: all\n  legacy:\n    image: acme/trainer:1.0\n    runtime: nvidia\n    privileged: true\n';
    assert.deepEqual(messages(text, 'MLC103').map((m) => m.split('; ')[1]), [
      'a GPU metrics exporter needs it only for DCGM profiling metrics: drop it unless you collect those.',
      'the GPUs it requests do not need it, so add only the capabilities the service needs.',
      'GPUs do not need it: request them with `gpus:` or a device reservation instead.',
    ]);
  });

  it('MLC103 and MLC405 word their advice for a Jetson, whose nvidia runtime gives the GPU and whose one GPU has no NCCL peers (Savant\'s docker-compose.l4t.yml)', () => {
    const text = 'services:\n  module:\n    privileged: true\n    image: ghcr.io/insight-platform/savant-deepstream-l4t:latest\n    runtime: nvidia\n  trainer:\n    image: nvcr.io/nvidia/l4t-pytorch:r35.2.1-pth2.0-py3\n    command: python train.py\n    runtime: nvidia\n';
    const lint = (ruleId: string): string[] => lintCompose(text, { config: emptyConfig(), path: 'docker-compose.l4t.yml' }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
    assert.deepEqual(lint('MLC103'), ['Service "module" runs privileged, with full access to the host; the nvidia runtime already gives it the Jetson\'s GPU, so map only the devices it needs (a camera, /dev/video0) and add only the capabilities it needs.']);
    assert.deepEqual(lint('MLC405'), ['GPU service "trainer" keeps Docker\'s 64 MB default /dev/shm, which is too small for PyTorch DataLoader workers (they pass batches through /dev/shm); set shm_size: "8gb" or ipc: host.']);
  });

  it('MLC401 tells a driver: cdi reservation that Compose still wants capabilities though the Engine ignores them (NixOS CUDA manual, speaches)', () => {
    // compose-go's schema requires capabilities on every reservation: "devices.0 missing property 'capabilities'".
    const text = 'services:\n  faster-whisper-server:\n    image: ghcr.io/speaches-ai/speaches:latest-cuda\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: cdi\n              device_ids:\n              - nvidia.com/gpu=all\n            - driver: nvidia\n              count: 1\n';
    const found = lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC401');
    assert.deepEqual(found.map((f) => f.message), [
      'The driver: cdi reservation of service "faster-whisper-server" has no capabilities; the Engine ignores them for CDI devices, but Compose\'s schema requires them on every reservation and refuses the file, so add capabilities: [gpu] (or list the CDI names under the service\'s devices:, which recent Compose releases request without capabilities).',
      'A device reservation of service "faster-whisper-server" has no capabilities, which Compose requires; add capabilities: [gpu] for a GPU.',
    ]);
    assert.ok(found.every((f) => f.fix?.title === 'Add capabilities: [gpu]'));
  });

  it('MLC413 tells an AMD or Intel service whose reservation names an unknown driver to drop it, not to use nvidia (a ROCm llama.cpp with driver: vulkan)', () => {
    const text = 'services:\n  llamacpp:\n    image: ghcr.io/ggml-org/llama.cpp:full\n    devices:\n      - /dev/kfd:/dev/kfd\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: vulkan\n              count: all\n              capabilities: [gpu]\n';
    const found = lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC413');
    assert.deepEqual(found.map((f) => f.message), ['"vulkan" is not a known device driver, so the reservation of service "llamacpp" finds no device and the container does not start; its devices: entry /dev/kfd already gives it the GPU, so remove the reservation (or list the driver under rules.MLC413.options.drivers in .mlc.yaml).']);
    assert.equal(found[0]?.fix, undefined);
  });

  it('hasUrlCredential finds literal URL passwords and token users only', () => {
    assert.ok(hasUrlCredential('postgresql://postgres:postgres@postgres:5432/postgres'));
    assert.ok(hasUrlCredential('redis://:s3cret@redis:6379'));
    assert.ok(hasUrlCredential('https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/x.git'));
    assert.ok(!hasUrlCredential('postgresql://postgres:${POSTGRES_PASSWORD}@postgres:5432/postgres'));
    assert.ok(!hasUrlCredential('postgresql://postgres:$PGPASS@db/app'));
    assert.ok(!hasUrlCredential('postgresql://user:<password>@db/app'));
    assert.ok(!hasUrlCredential('https://git@github.com/acme/x.git'));
    assert.ok(!hasUrlCredential('http://clickhouse:8123'));
  });
});
