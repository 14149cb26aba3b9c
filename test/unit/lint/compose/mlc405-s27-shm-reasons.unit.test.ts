import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { tensorflowImage } from '../../../../src/core/lint/tensorflow-workloads';

/** What MLC405 gives as the reason, between "which is" and the advice. */
const reasons = (text: string): (string | undefined)[] =>
  lintCompose(text, { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === 'MLC405')
    .map((f) => /, which is (.*); set shm_size/.exec(f.message)?.[1]);

/** One service `app` of `image` running `command`, with `gpus` reserved and extra `lines`. */
function service(image: string, command: string, gpus: string, lines: readonly string[] = []): string {
  return ['services:', '  app:', `    image: ${image}`, `    command: ${command}`, ...lines.map((l) => `    ${l}`), `    gpus: ${gpus}`, ''].join('\n');
}
const countOf = (n: number): string => `[{driver: nvidia, count: ${n}}]`;

const dataLoaderWorkers = 'PyTorch DataLoader workers (they pass batches through /dev/shm)';
const generic = 'multi-GPU NCCL communication (NCCL keeps shared-memory segments in /dev/shm)';

describe('MLC405 names what a 64 MB /dev/shm breaks only from evidence, as MLK405 does', () => {
  it('a custom server on one GPU: DataLoader workers and other multi-process work, neither NCCL nor vLLM', () => {
    // coreweave/kubernetes-cloud online-inference/hf-llm: a custom Hugging Face server on one GPU.
    const text = service('ghcr.io/coreweave/ml-containers/hf-llm-inference:e459100', 'python3 /app/service.py --port=80', countOf(1));
    assert.deepEqual(reasons(text), [`too small if it runs ${dataLoaderWorkers} or other multi-process work`]);
  });

  it('an ML command on one GPU surely uses /dev/shm: for DataLoader workers, and other multi-process work unless it trains', () => {
    assert.deepEqual(reasons(service('pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime', 'python serve.py', countOf(1))), [`too small for ${dataLoaderWorkers} and other multi-process work`]);
    assert.deepEqual(reasons(service('registry.example/trainer:1.0', 'python train.py', countOf(1))), [`too small for ${dataLoaderWorkers}`]);
  });

  it('one GPU as device_ids, a CDI name or CUDA_VISIBLE_DEVICES under every GPU counts as one', () => {
    const ids = 'services:\n  app:\n    image: registry.example/app:1.0\n    deploy:\n      resources:\n        reservations:\n          devices: [{driver: nvidia, device_ids: ["0"], capabilities: [gpu]}]\n';
    const visible = service('registry.example/app:1.0', 'python app.py', 'all', ['environment:', '  CUDA_VISIBLE_DEVICES: "0"']);
    const oneCdi = 'services:\n  app:\n    image: registry.example/app:1.0\n    devices: [nvidia.com/gpu=0]\n';
    for (const text of [ids, visible, oneCdi]) {
      assert.deepEqual(reasons(text), [`too small if it runs ${dataLoaderWorkers} or other multi-process work`], text);
    }
  });

  it('several GPUs, every GPU or a launcher on one GPU keep NCCL', () => {
    assert.deepEqual(reasons(service('registry.example/app:1.0', 'python app.py', countOf(2))), [`too small for PyTorch DataLoader workers and ${generic}`]);
    assert.deepEqual(reasons(service('registry.example/app:1.0', 'python app.py', 'all')), [`too small if it runs PyTorch DataLoader workers or ${generic}`]);
    for (const command of ['torchrun --nproc_per_node=1 fit.py', 'accelerate launch fit.py']) {
      assert.deepEqual(reasons(service('registry.example/app:1.0', command, countOf(1))), [`too small for PyTorch DataLoader workers and ${generic}`], command);
    }
    assert.deepEqual(reasons(service('registry.example/app:1.0', 'horovodrun -np 1 python fit.py', countOf(1))), [`too small if it runs PyTorch DataLoader workers or ${generic}`]);
  });

  it('RCCL on one ROCm render node is left out too, and kept on two', () => {
    const rocm = (nodes: string) => `services:\n  app:\n    image: rocm/pytorch:rocm6.2_ubuntu22.04_py3.10_pytorch_release_2.3.0\n    command: python serve.py\n    devices: [/dev/kfd, ${nodes}]\n`;
    assert.deepEqual(reasons(rocm('/dev/dri/renderD128')), [`too small for ${dataLoaderWorkers} and other multi-process work`]);
    assert.deepEqual(reasons(rocm('/dev/dri/renderD128, /dev/dri/renderD129')), ['too small for PyTorch DataLoader workers and multi-GPU RCCL communication (RCCL keeps shared-memory segments in /dev/shm)']);
  });

  it('keeps the specific reasons on one GPU: vLLM above tensor-parallel size 1, Triton, Ray', () => {
    assert.match(reasons(service('vllm/vllm-openai:v0.9.2', '--model m -tp 2', countOf(1)))[0] ?? '', /^too small for vLLM's tensor parallelism/);
    assert.match(reasons(service('nvcr.io/nvidia/tritonserver:24.05-py3', 'tritonserver --model-repository=/models', countOf(1)))[0] ?? '', /^too small for models on Triton's Python backend/);
    assert.match(reasons(service('rayproject/ray:2.9.0-gpu', 'ray start --head --block', countOf(1)))[0] ?? '', /^too small for Ray's object store/);
  });
});

describe("Katib's ENAS trial image is a TensorFlow image in Compose too", () => {
  it('reads it as TensorFlow, and DARTS (PyTorch) not', () => {
    for (const repository of ['kubeflowkatib/enas-cnn-cifar10-gpu', 'docker.io/kubeflowkatib/enas-cnn-cifar10-cpu', 'gcr.io/kubeflow-images-public/katib/v1beta1/trial-enas-cnn-cifar10-gpu']) {
      assert.ok(tensorflowImage(repository), repository);
    }
    assert.ok(!tensorflowImage('kubeflowkatib/darts-cnn-cifar10-gpu'));
  });

  it('is left on one GPU and given NCCL all-reduce on two', () => {
    const enas = (gpus: number) => service('docker.io/kubeflowkatib/enas-cnn-cifar10-gpu:v0.17.0', 'python3 -u RunTrial.py', countOf(gpus));
    assert.deepEqual(reasons(enas(1)), []);
    assert.deepEqual(reasons(enas(2)), ["too small for NCCL's all-reduce (TensorFlow's MirroredStrategy and Horovod run it between GPUs, and NCCL keeps shared-memory segments in /dev/shm)"]);
  });
});
