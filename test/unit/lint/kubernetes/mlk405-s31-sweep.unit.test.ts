import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** What each MLK405 finding says the 64 MB /dev/shm breaks. */
const breaks = (text: string): string[] =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK405')
    .map((f) => f.message.replace(/^.*, which breaks /, '').replace(/; mount an emptyDir.*$/, ''));

const pod = (command: string, limits = '{nvidia.com/gpu: 1}', image = 'registry.example/app:1.0') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: ${image}
      command: ${command}
      resources: {limits: ${limits}}
`;

const gpuReplicas = (command: string) => `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: j}
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: 4
      template:
        spec:
          containers:
            - name: pytorch
              image: registry.example/imagenet:1.0
              command: ${command}
              resources: {limits: {nvidia.com/gpu: 1}}
`;

describe('MLK405 (s31): kubectl arguments are no ML command', () => {
  it('a CPU Job whose script only runs kubectl on deployment/vllm gets no finding', () => {
    assert.deepEqual(breaks(pod('[sh, -c, "/usr/local/bin/kubectl rollout restart deployment/vllm"]', '{cpu: 1}', 'python:3.12-slim')), []);
  });

  it('nor one running kubectl directly, through oc or helm, or in a command substitution', () => {
    for (const command of ['[kubectl, scale, deployment, vllm, --replicas=0]', '[oc, delete, pod/torchrun-0]', '[helm, uninstall, vllm]', '[sh, -c, "echo $(kubectl get svc vllm -o name)"]']) {
      assert.deepEqual(breaks(pod(command, '{cpu: 1}', 'python:3.12-slim')), [], command);
    }
  });

  it('an ML command after the kubectl command still counts', () => {
    assert.equal(breaks(pod('[sh, -c, "kubectl wait --for=condition=ready pod/vllm-0; vllm serve facebook/opt-125m"]', '{cpu: 1}')).length, 1);
    assert.equal(breaks(pod('[sh, -c, "kubectl get pods | tee pods.txt && torchrun train.py"]', '{cpu: 1}')).length, 1);
  });
});

describe('MLK405 (s31): a command line that sets zero DataLoader workers', () => {
  for (const flags of ['--workers=0', '--workers, "0"', '--num-workers, "0"', '--num_workers=0', '--dataloader-num-workers, "0"', '--dataloader_num_workers=0']) {
    it(`drops the DataLoader clause and keeps NCCL on GPU replicas (${flags})`, () => {
      assert.deepEqual(breaks(gpuReplicas(`[torchrun, train.py, ${flags}]`)), ['NCCL (it keeps shared-memory segments in /dev/shm)']);
    });
  }

  it('aws-do-eks imagenet-gpu.yaml: --workers=0 inside a bash -c script', () => {
    const script = '[bash, -c, "python -m torch.distributed.run /workspace/examples/imagenet.py --arch=resnet18 --workers=0 /workspace/data"]';
    assert.deepEqual(breaks(gpuReplicas(script)), ['NCCL (it keeps shared-memory segments in /dev/shm)']);
  });

  it('keeps the DataLoader clause for workers above 0, an unread value, or a later flag that sets some', () => {
    for (const flags of ['--num_workers=4', '--workers, $(WORKERS)', '--workers=0, --workers=8']) {
      assert.deepEqual(breaks(gpuReplicas(`[torchrun, train.py, ${flags}]`)), ['DataLoader workers and NCCL'], flags);
    }
  });

  it('a pod without accelerators and no worker processes gets no finding (gloo talks over TCP)', () => {
    assert.deepEqual(breaks(pod('[torchrun, train.py, --workers=0]', '{cpu: 4}')), []);
    assert.deepEqual(breaks(pod('[torchrun, train.py, --workers=2]', '{cpu: 4}')), ['DataLoader workers (they pass batches through /dev/shm)']);
  });

  it('neither does a single-process job on one GPU', () => {
    assert.deepEqual(breaks(pod('[python, train.py, --num-workers, "0"]')), []);
  });

  it('a Ray node keeps its object-store reason', () => {
    assert.deepEqual(breaks(pod('[ray, start, --head, --block, --num-workers=0]', '{cpu: 4}')), ["Ray's object store (Ray then falls back to /tmp, which slows every object transfer)"]);
  });

  it('non-GPU accelerators keep their collectives', () => {
    assert.deepEqual(breaks(pod('[python, train.py, --workers=0]', '{google.com/tpu: 4}', 'registry.example/torch-xla:2.5')), ['PyTorch/XLA multiprocessing (one process per TPU chip)']);
  });
});

describe('MLK405 (s31): an unnamed server whose arguments read as one vLLM worker', () => {
  const server = (args: string, gpus = 1) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: gemma3}
spec:
  selector: {matchLabels: {app: gemma3}}
  template:
    metadata: {labels: {app: gemma3}}
    spec:
      containers:
        - name: gemma3
          image: vllm-frontend:latest
          args: ${args}
          resources: {limits: {nvidia.com/gpu: "${gpus}"}}
`;

  it('kubernetes/examples gemma3: -- --tensor-parallel-size=1 on one GPU gets no finding', () => {
    assert.deepEqual(breaks(server('[--, --tensor-parallel-size=1]')), []);
  });

  it('nor -tp 1 or the underscore spelling', () => {
    assert.deepEqual(breaks(server('[-tp, "1"]')), []);
    assert.deepEqual(breaks(server('[--tensor_parallel_size, "1"]')), []);
  });

  it('still reports without a written size, on two GPUs, with another size above 1, or with an unread executor', () => {
    assert.equal(breaks(server('[--max-model-len, "4096"]')).length, 1);
    assert.equal(breaks(server('[--tensor-parallel-size=1]', 2)).length, 1);
    assert.equal(breaks(server('[--tensor-parallel-size=1, --data-parallel-size=2]')).length, 1);
    assert.equal(breaks(server('[--tensor-parallel-size=1, --distributed-executor-backend, ray]')).length, 1);
  });

  it('still reports a training job that writes a tensor-parallel size of 1', () => {
    assert.equal(breaks(pod('[torchrun, finetune.py, --tensor-parallel-size=1]')).length, 1);
  });
});
