import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

const fixture = (rule: string, file: string): string => fs.readFileSync(path.join(kubernetesFixturesRoot, rule, file), 'utf8');
const messages = (text: string, rule: string, options: Parameters<typeof lintManifest>[1] = {}): string[] =>
  lintManifest(text, options)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.message);
/** What MLK405 says the 64 MB /dev/shm breaks. */
const breaks = (text: string): string[] => messages(text, 'MLK405').map((m) => m.replace(/^.*, which breaks /, '').replace(/; mount an emptyDir.*$/, ''));
/** MLK104's advice after "readOnlyRootFilesystem: true and". */
const advice = (text: string): string[] => messages(text, 'MLK104').map((m) => m.replace(/^.*readOnlyRootFilesystem: true and /, ''));

const gpuPod = (container: string, limits = 'nvidia.com/gpu: 2', kind = 'Pod') => `apiVersion: v1
kind: ${kind}
metadata: {name: p}
spec:
  containers:
    - name: c
${container}      resources:
        limits: {${limits}}
`;

describe('MLK405 names what the 64 MB /dev/shm breaks for LLM servers', () => {
  it('vLLM, SGLang and TGI: their tensor parallelism (NCCL and PyTorch between per-GPU workers), not DataLoader workers', () => {
    const per = (server: string) => `${server}'s tensor parallelism (NCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm)`;
    assert.deepEqual(breaks(fixture('MLK405', 'fail/llm-servers-tensor-parallel.yaml')), [per('vLLM'), per('SGLang'), per('TGI')]);
  });

  it('by command as well as image: `vllm serve` on a custom image, `python -m vllm.entrypoints…`, TGI\'s launcher', () => {
    assert.match(breaks(gpuPod('      image: registry.example/llm:1\n      command: [vllm, serve, Qwen/Qwen2.5-7B-Instruct, --tensor-parallel-size, "2"]\n'))[0] ?? '', /^vLLM's tensor parallelism/);
    assert.match(breaks(gpuPod('      image: registry.example/llm:1\n      command: [python3, -m, vllm.entrypoints.openai.api_server, --tensor-parallel-size, "2"]\n'))[0] ?? '', /^vLLM's/);
    assert.match(breaks(gpuPod('      image: registry.example/llm:1\n      command: [text-generation-launcher, --num-shard, "2"]\n'))[0] ?? '', /^TGI's/);
  });

  it('names the vendor\'s collectives (RCCL for vLLM on AMD GPUs)', () => {
    assert.match(breaks(gpuPod('      image: rocm/vllm:latest\n      command: [vllm, serve, /models/llama, --tensor-parallel-size, "2"]\n', 'amd.com/gpu: 2'))[0] ?? '', /^vLLM's tensor parallelism \(RCCL and PyTorch/);
  });

  it('a vLLM KServe ServingRuntime gets its GPUs from the InferenceService: still the GPU reason', () => {
    assert.match(breaks(fixture('MLK405', 'fail/vllm-serving-runtime.yaml'))[0] ?? '', /^vLLM's tensor parallelism \(NCCL and PyTorch/);
  });

  it('GPUs reached through hostPaths are GPUs, not a CPU pod: RCCL for /dev/kfd', () => {
    assert.equal(breaks(fixture('MLK418', 'fail/rocm-kfd-and-dri-hostpaths.yaml'))[0], 'DataLoader workers (they pass batches through /dev/shm) and other multi-process work', 'one vLLM worker: the GPU reason, not the CPU one');
  });

  it('a vLLM image whose command runs something else keeps the generic reason', () => {
    assert.deepEqual(breaks(gpuPod('      image: vllm/vllm-openai:v0.8.5\n      command: [python3, /app/proxy.py]\n')), ['DataLoader workers, NCCL and other multi-process work']);
  });
});

describe('MLK405 on training workloads and pods without accelerators', () => {
  it('a GPU training job: DataLoader workers and NCCL, without vLLM', () => {
    const job = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: ddp}
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          containers:
            - name: pytorch
              image: registry.example/trainer:1.0
              command: [torchrun, --nproc-per-node=8, train.py]
              resources: {limits: {nvidia.com/gpu: 8}}
`;
    assert.deepEqual(breaks(job), ['DataLoader workers and NCCL']);
  });

  it('a batch Job that does not train (batch captioning) keeps the generic reason, and names no model cache it shows no sign of', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: {name: caption}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: caption
          image: registry.example/video-captioning:1.0
          resources: {limits: {nvidia.com/gpu: 1}}
`;
    assert.deepEqual(breaks(job), ['DataLoader workers (they pass batches through /dev/shm) and other multi-process work']);
    assert.deepEqual(advice(job), ['mount emptyDir volumes at the paths it writes (e.g. /tmp).']);
  });

  it('the CPU torchrun PyTorchJob is still reported (torchrun is an ML command, §1.4), for DataLoader workers only', () => {
    assert.deepEqual(breaks(fixture('MLK405', 'fail/pytorchjob-torchrun-cpu.yaml')), ['DataLoader workers (they pass batches through /dev/shm)', 'DataLoader workers (they pass batches through /dev/shm)']);
  });

  it('a CPU PyTorchJob that runs a script (no ML command) is not reported', () => {
    assert.deepEqual(breaks(fixture('MLK405', 'pass/pytorchjob-script-cpu.yaml')), []);
  });

  it('without accelerators: vLLM\'s CPU workers and Ray\'s object store have their own reasons, and no NCCL', () => {
    const cpu = (command: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
        - name: c
          image: registry.example/cpu:1
          command: ${command}
          resources: {limits: {cpu: "8", memory: 32Gi}}
`;
    assert.deepEqual(breaks(cpu('[vllm, serve, Qwen/Qwen2.5-0.5B-Instruct, --tensor-parallel-size, "2"]')), ["vLLM's tensor parallelism (its worker processes exchange data through /dev/shm)"]);
    assert.deepEqual(breaks(cpu('[ray, start, --head, --block]')), ["Ray's object store (Ray then falls back to /tmp, which slows every object transfer)"]);
  });
});

describe('MLK104 names a model cache only where a model is downloaded', () => {
  it('a Volcano mnist training job: the directory it downloads its dataset to', () => {
    const dataset = 'mount emptyDir volumes at /tmp and the directory it downloads its dataset to (its data or cache directory).';
    assert.deepEqual(advice(fixture('MLK104', 'fail/volcano-mnist-training.yaml')), [dataset, dataset]);
  });

  it('a JupyterHub single-user notebook: its home directory (already on the user\'s PVC, or a persistent volume to add)', () => {
    assert.deepEqual(advice(fixture('MLK104', 'fail/jupyterhub-singleuser-notebook.yaml')), [
      'mount an emptyDir volume at /tmp (its home directory already has a volume).',
      'mount an emptyDir volume at /tmp and a persistent volume at its home directory (/home/jovyan).',
    ]);
  });

  it('a Kubeflow Notebook, a notebook image, HOME and --allow-root', () => {
    const notebook = `apiVersion: kubeflow.org/v1
kind: Notebook
metadata: {name: nb}
spec:
  template:
    spec:
      containers:
        - name: nb
          image: kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0
          resources: {limits: {nvidia.com/gpu: 1}}
          volumeMounts: [{name: workspace, mountPath: /home/jovyan}, {name: tmp, mountPath: /tmp}]
      volumes:
        - {name: workspace, persistentVolumeClaim: {claimName: nb-workspace}}
        - {name: tmp, emptyDir: {}}
`;
    assert.deepEqual(advice(notebook), ['keep writes on its volumes (it already mounts /tmp and its home directory).']);
    assert.deepEqual(advice(gpuPod('      image: quay.io/jupyter/pytorch-notebook:cuda12-2024-12-09\n      env: [{name: HOME, value: /home/alice/}]\n')), ['mount an emptyDir volume at /tmp and a persistent volume at its home directory (/home/alice).']);
    assert.deepEqual(advice(gpuPod('      image: registry.example/nb:1\n      command: [jupyterhub-singleuser, --allow-root]\n')), ['mount an emptyDir volume at /tmp and a persistent volume at its home directory (/root).']);
  });

  it('a training job that names a model to fine-tune, or serves one, keeps the model cache; a named cache is "the cache"', () => {
    const job = (container: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: registry.example/train:1
${container}          resources: {limits: {nvidia.com/gpu: 1}}
`;
    assert.deepEqual(advice(job('          command: [accelerate, launch, sft.py, --model_name_or_path, meta-llama/Llama-3.1-8B]\n')), ['mount emptyDir volumes at /tmp and the model cache (e.g. /root/.cache/huggingface).']);
    assert.deepEqual(advice(job('          command: [vllm, serve, Qwen/Qwen2.5-7B-Instruct]\n')), ['mount emptyDir volumes at /tmp and the model cache (e.g. /root/.cache/huggingface).']);
    assert.deepEqual(advice(job('          command: [python3, train.py]\n          env: [{name: HF_HOME, value: /data/hf}]\n')), ['mount emptyDir volumes at /tmp and the cache (e.g. /data/hf).']);
  });
});

describe('MLK201 and kustomize placeholder images', () => {
  const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: controller-manager}
spec:
  selector: {matchLabels: {control-plane: controller-manager}}
  template:
    metadata: {labels: {control-plane: controller-manager}}
    spec:
      containers:
        - name: manager
          image: ${image}
`;

  it('a placeholder a kustomization over the file pins (newTag or digest) is not reported; newName alone keeps the floating tag', () => {
    const pinned = { kustomizeBuild: { selectors: false, images: ['controller', 'example.com/image'] } };
    assert.deepEqual(messages(deployment('controller:latest'), 'MLK201', pinned), []);
    assert.deepEqual(messages(deployment('example.com/image'), 'MLK201', pinned), []);
    assert.equal(messages(deployment('controller:latest'), 'MLK201', { kustomizeBuild: { selectors: false, images: [] } }).length, 1);
  });
});
