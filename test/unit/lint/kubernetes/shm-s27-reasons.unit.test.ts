import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

/** What MLK405 says the 64 MB /dev/shm breaks. */
const breaks = (text: string): string[] =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK405')
    .map((f) => f.message.replace(/^.*, which breaks /, '').replace(/; mount an emptyDir.*$/, ''));
const fixture = (file: string): string => fs.readFileSync(path.join(kubernetesFixturesRoot, 'MLK405', file), 'utf8');

const dataLoaderWorkers = 'DataLoader workers (they pass batches through /dev/shm)';
const unknownProgram = `${dataLoaderWorkers} and other multi-process work`;

const pod = (image: string, command: string, limits = 'nvidia.com/gpu: 1') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: ${image}
      command: ${command}
      resources: {limits: {${limits}}}
`;

// coreweave/kubernetes-cloud online-inference/hf-llm/02-inference-service.yaml (trimmed): a custom Hugging Face server on one GPU.
const knativeServer = (gpus: number) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: hf-llm}
spec:
  template:
    spec:
      containers:
        - name: kfserving-container
          image: ghcr.io/coreweave/ml-containers/hf-llm-inference:e459100
          command: [python3, /app/service.py, --model-uri=s3://tensorized/EleutherAI/pythia-70m, --port=80]
          resources:
            limits: {cpu: 4, memory: 16Gi, nvidia.com/gpu: ${gpus}}
`;

const pytorchJob = (replicaSpecs: string) => `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: j}
spec:
  pytorchReplicaSpecs:
${replicaSpecs}`;
const replica = (role: string, replicas: string) => `    ${role}:
${replicas}      template:
        spec:
          containers:
            - name: pytorch
              image: registry.example/mnist:1.0
              command: [python3, mnist.py]
              resources: {limits: {nvidia.com/gpu: 1}}
`;

describe('MLK405 names only what the evidence shows the 64 MB /dev/shm breaks on GPUs', () => {
  it('a custom server on one GPU: DataLoader workers and other multi-process work, neither NCCL nor vLLM', () => {
    assert.deepEqual(breaks(knativeServer(1)), [unknownProgram]);
  });

  it('the same server on two GPUs: NCCL too, still no vLLM', () => {
    assert.deepEqual(breaks(knativeServer(2)), ['DataLoader workers, NCCL and other multi-process work']);
  });

  it('training on one GPU: DataLoader workers only; on several, or under a launcher that starts ranks, the collectives too', () => {
    assert.deepEqual(breaks(pod('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', '[python3, train.py]')), [dataLoaderWorkers]);
    assert.deepEqual(breaks(pod('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', '[python3, train.py]', 'nvidia.com/gpu: 4')), ['DataLoader workers and NCCL']);
    assert.deepEqual(breaks(pod('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', '[torchrun, --nnodes=2, train.py]')), ['DataLoader workers and NCCL']);
    assert.deepEqual(breaks(pod('rocm/pytorch:latest', '[python3, train.py]', 'amd.com/gpu: 2')), ['DataLoader workers and RCCL']);
  });

  it('a training kind with one replica of one GPU names no NCCL; several replicas, or several replica specs, do', () => {
    assert.deepEqual(breaks(pytorchJob(replica('Master', '      replicas: 1\n'))), [dataLoaderWorkers]);
    assert.deepEqual(breaks(pytorchJob(replica('Master', ''))), [dataLoaderWorkers]);
    assert.deepEqual(breaks(pytorchJob(replica('Worker', '      replicas: 4\n'))), ['DataLoader workers and NCCL']);
    assert.deepEqual(breaks(pytorchJob(replica('Master', '      replicas: 1\n') + replica('Worker', '      replicas: 1\n'))), ['DataLoader workers and NCCL', 'DataLoader workers and NCCL']);
  });

  it('counts the GPUs a DRA claim template of the file asks for: one names no NCCL, two do', () => {
    const claimed = (count: number) => `apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata: {name: gpus}
spec:
  spec:
    devices:
      requests:
        - name: gpus
          exactly: {deviceClassName: gpu.nvidia.com, count: ${count}}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  resourceClaims: [{name: gpus, resourceClaimTemplateName: gpus}]
  containers:
    - name: c
      image: registry.example/batch:1
      command: [python3, run.py]
      resources: {claims: [{name: gpus}]}
`;
    assert.deepEqual(breaks(claimed(1)), [unknownProgram]);
    assert.deepEqual(breaks(claimed(2)), ['DataLoader workers, NCCL and other multi-process work']);
  });

  it('never names vLLM tensor parallelism without a vLLM server, even on a vLLM image whose command runs something else', () => {
    assert.deepEqual(breaks(pod('vllm/vllm-openai:v0.8.5', '[python3, /app/proxy.py]')), [unknownProgram]);
    assert.doesNotMatch(breaks(pod('vllm/vllm-openai:v0.8.5', '[python3, /app/proxy.py]', 'nvidia.com/gpu: 2')).join(), /vLLM/);
  });

  it('a Ray node on one GPU is told about its object store', () => {
    assert.deepEqual(breaks(pod('rayproject/ray:2.40.0-gpu', '[ray, start, --head, --block]')), ["Ray's object store (Ray then falls back to /tmp, which slows every object transfer)"]);
  });
});

describe('MLK405 on Katib trials', () => {
  it("leaves Katib's Keras ENAS trial on one GPU alone, as other TensorFlow on one GPU", () => {
    assert.deepEqual(breaks(fixture('pass/katib-enas-keras-trial.yaml')), []);
  });

  it('recognises the ENAS trial image under its registries and older names, not an unrelated image of that name', () => {
    for (const image of ['docker.io/kubeflowkatib/enas-cnn-cifar10-gpu:v0.15.0', 'ghcr.io/kubeflow/katib/enas-cnn-cifar10-cpu:v0.19.0', 'gcr.io/kubeflow-images-public/katib/v1beta1/trial-enas-cnn-cifar10-gpu:v1.0']) {
      assert.deepEqual(breaks(pod(image, '[python3, -u, RunTrial.py]')), [], image);
    }
    assert.deepEqual(breaks(pod('registry.example/enas-cnn-cifar10-gpu:1', '[python3, -u, RunTrial.py]')), [unknownProgram]);
  });

  it('the ENAS trial on two GPUs is TensorFlow on several GPUs: NCCL all-reduce', () => {
    assert.match(breaks(pod('docker.io/kubeflowkatib/enas-cnn-cifar10-gpu:v0.15.0', '[python3, -u, RunTrial.py]', 'nvidia.com/gpu: 2'))[0] ?? '', /^NCCL's all-reduce \(TensorFlow's MirroredStrategy/);
  });

  it("Katib's DARTS trial runs PyTorch: reported, with the training wording of one GPU", () => {
    assert.deepEqual(breaks(fixture('fail/katib-darts-pytorch-trial.yaml')), [dataLoaderWorkers]);
  });
});
