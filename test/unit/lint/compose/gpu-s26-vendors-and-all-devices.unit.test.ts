import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeModel } from '../../../../src/core/lint/compose/model';
import { gpuCount } from '../../../../src/core/lint/rules/compose/helpers';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

function findings(text: string, ruleId: string, path?: string, baseFile?: string) {
  return lintCompose(text, { config: emptyConfig(), path, baseFile }).findings.filter((f) => f.ruleId === ruleId);
}

/** gpuCount of the file's first service. */
function countOf(text: string): number | 'all' | undefined {
  const file = parseYaml(text);
  const document = file.documents[0];
  assert.ok(document);
  const view = new YamlView(file, document);
  const model = composeModel(view);
  assert.ok(model?.services[0]);
  return gpuCount(view, model.services[0]);
}

const reservation = (entry: string) => `services:\n  trainer:\n    image: acme/trainer:1.0\n    deploy:\n      resources:\n        reservations:\n          devices:\n${entry}`;

describe('Compose GPU services: every GPU without count: all, and AMD GPUs mapped as device nodes', () => {
  describe('gpuCount reads every way of reserving every GPU', () => {
    it('device_ids naming all, a negative count and all in any case reserve every GPU', () => {
      assert.equal(countOf(reservation('            - driver: nvidia\n              device_ids: ["all"]\n              capabilities: [gpu]\n')), 'all');
      assert.equal(countOf(reservation('            - driver: nvidia\n              device_ids: ["0,all"]\n              capabilities: [gpu]\n')), 'all');
      assert.equal(countOf(reservation('            - driver: nvidia\n              count: -1\n              capabilities: [gpu]\n')), 'all');
      assert.equal(countOf(reservation('            - driver: nvidia\n              count: "ALL"\n              capabilities: [gpu]\n')), 'all');
      assert.equal(countOf('services:\n  trainer:\n    image: acme/trainer:1.0\n    gpus:\n      - count: All\n'), 'all');
    });

    it('numbered device_ids, a numeric count and a cdi driver\'s IDs still count one by one', () => {
      assert.equal(countOf(reservation('            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n')), 2);
      assert.equal(countOf(reservation('            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n')), 1);
      assert.equal(countOf(reservation('            - driver: cdi\n              device_ids: ["all"]\n              capabilities: [gpu]\n')), 1);
    });

    it('MLC408 treats device_ids: ["all"] as all GPUs requested', () => {
      const found = findings(reservation('            - driver: nvidia\n              device_ids: ["all"]\n              capabilities: [gpu]\n'), 'MLC408');
      assert.deepEqual(found.map((f) => f.message), ['GPU service "trainer" may use several GPUs (all GPUs requested) but does not set ulimits.memlock: -1, which NCCL/RDMA memory pinning needs; add ulimits memlock: -1 (and stack: 67108864, as NGC recommends).']);
    });
  });

  describe('MLC405 judges ROCm services that map /dev/kfd', () => {
    const rocm = (image: string, extra = '') => `services:\n  worker:\n    image: ${image}\n${extra}    devices:\n      - /dev/kfd\n      - /dev/dri\n`;

    it('names ROCm and RCCL, not NCCL, and offers the shm_size fix', () => {
      const text = rocm('rocm/pytorch:rocm6.2_ubuntu22.04_py3.10_pytorch_release_2.3.0', '    command: torchrun --nproc_per_node 8 train.py\n');
      const found = findings(text, 'MLC405');
      assert.deepEqual(found.map((f) => f.message), ['ROCm GPU service "worker" keeps Docker\'s 64 MB default /dev/shm, which is too small for PyTorch DataLoader workers and multi-GPU RCCL communication (RCCL keeps shared-memory segments in /dev/shm); set shm_size: "8gb" or ipc: host.']);
      const fixed = applyTextEdits(text, found[0]?.fix?.edits ?? []);
      assert.match(fixed, /\n {4}shm_size: "8gb"\n/);
      assert.equal(findings(fixed, 'MLC405').length, 0);
    });

    it('a vLLM image tagged for ROCm, which MLC405 left alone as a GPU-less CUDA image before, is judged by its devices', () => {
      const text = rocm('vllm/vllm-openai:v0.9.0-rocm', '    command: --model Qwen/Qwen2.5-7B-Instruct --tensor-parallel-size 2\n');
      assert.deepEqual(findings(text, 'MLC405').map((f) => f.message), ['ROCm GPU service "worker" keeps Docker\'s 64 MB default /dev/shm, which is too small for vLLM\'s tensor parallelism (RCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm); set shm_size: "8gb" or ipc: host.']);
    });

    it('stays silent where nothing is known to use /dev/shm: single-process servers, desktop apps, /dev/dri alone', () => {
      assert.equal(findings(rocm('ollama/ollama:0.3.12-rocm'), 'MLC405').length, 0);
      assert.equal(findings(rocm('ghcr.io/ggml-org/llama.cpp:server-rocm', '    command: -m /models/qwen.gguf --port 8080\n'), 'MLC405').length, 0);
      assert.equal(findings(rocm('koboldai/koboldcpp:1.80'), 'MLC405').length, 0);
      const driOnly = 'services:\n  worker:\n    image: rocm/pytorch:latest\n    command: torchrun --nproc_per_node 2 train.py\n    devices:\n      - /dev/dri\n';
      assert.equal(findings(driOnly, 'MLC405').length, 0);
    });

    it('a ROCm variant file that adds /dev/kfd to the main file\'s service is judged with it', () => {
      const main = 'services:\n  trainer:\n    image: rocm/pytorch:rocm6.2_ubuntu22.04_py3.10_pytorch_release_2.3.0\n    command: torchrun --nproc_per_node 8 train.py\n';
      const variant = 'services:\n  trainer:\n    devices:\n      - /dev/kfd\n      - /dev/dri\n';
      assert.deepEqual(findings(variant, 'MLC405', 'docker-compose.rocm.yml', main).map((f) => f.range.start.line), [2]);
      assert.deepEqual(findings(variant, 'MLC405', 'docker-compose.rocm.yml', main.replace('    command:', '    ipc: host\n    command:')), []);
    });

    it('MLC408 leaves /dev/kfd services alone: the device nodes do not say how many GPUs, and no AMD guide asks for memlock', () => {
      assert.equal(findings(rocm('rocm/pytorch:latest', '    command: torchrun --nproc_per_node 8 train.py\n'), 'MLC408').length, 0);
    });
  });

  it('MLC408 on an amd-driver reservation names RCCL and adds only memlock (NGC\'s stack limit is NVIDIA advice)', () => {
    const text = reservation('            - driver: amd\n              count: 2\n              capabilities: [gpu]\n');
    const found = findings(text, 'MLC408');
    assert.deepEqual(found.map((f) => f.message), ['GPU service "trainer" uses 2 GPUs but does not set ulimits.memlock: -1, which RCCL/RDMA memory pinning needs; add ulimits memlock: -1.']);
    const fixed = applyTextEdits(text, found[0]?.fix?.edits ?? []);
    assert.match(fixed, /\n {4}ulimits:\n {6}memlock: -1\n {4}deploy:/);
    assert.equal(findings(fixed, 'MLC408').length, 0);
  });

  it('MLC406 stays silent on runtime: nvidia with NVIDIA_VISIBLE_DEVICES=all beside a count: 1 reservation (the reservation decides what the container sees)', () => {
    const text = reservation('            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n').replace('    deploy:', '    runtime: nvidia\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=all\n    deploy:');
    assert.equal(findings(text, 'MLC406').length, 0);
  });
});
