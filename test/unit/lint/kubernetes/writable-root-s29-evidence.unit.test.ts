import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

const fixture = (rule: string, rel: string) => fs.readFileSync(path.join(kubernetesFixturesRoot, rule, rel), 'utf8');
const advice = (text: string) =>
  lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK104')
    .map((f) => f.message.replace(/^.*?; set readOnlyRootFilesystem: true and /, ''));

/** A bare Pod whose one GPU container has the given extra lines (indented as container fields). */
const gpuPod = (image: string, ...fields: string[]) =>
  ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - name: c', `      image: ${image}`, ...fields.map((f) => `      ${f}`), '      resources: {limits: {nvidia.com/gpu: 1}}', ''].join('\n');

/** A PyTorchJob whose one GPU worker runs `command`. */
const pytorchJob = (image: string, command: string) =>
  [
    'apiVersion: kubeflow.org/v1',
    'kind: PyTorchJob',
    'metadata: {name: train}',
    'spec:',
    '  pytorchReplicaSpecs:',
    '    Worker:',
    '      replicas: 2',
    '      template:',
    '        spec:',
    '          containers:',
    `            - {name: pytorch, image: ${image}, command: ${command}, resources: {limits: {nvidia.com/gpu: 8}}}`,
    '',
  ].join('\n');

const generic = 'mount emptyDir volumes at the paths it writes (e.g. /tmp).';
const modelCache = 'mount emptyDir volumes at /tmp and the model cache (e.g. /root/.cache/huggingface).';
const dataset = 'mount emptyDir volumes at /tmp and the directory it downloads its dataset to (its data or cache directory).';

describe('MLK104 names a model cache only where the manifest shows a model download', () => {
  it('GPU checks and NCCL benchmarks (KAI Scheduler, MPI Operator) are told of the paths they write', () => {
    assert.deepEqual(advice(fixture('MLK104', 'fail/gpu-check-and-nccl-benchmark.yaml')), [generic, generic, generic]);
    assert.deepEqual(advice(gpuPod('ubuntu', 'command: ["nvidia-smi"]', 'args: ["-L"]')), [generic]);
  });

  it('a model architecture flag is no download: tf_cnn_benchmarks --model=inception3 on synthetic data', () => {
    assert.deepEqual(advice(gpuPod('volcanosh/example-tf-gpu:0.0.1', 'command: [python, tf_cnn_benchmarks.py, --model=inception3, --num_gpus=1]')), [generic]);
  });

  it('a GPU container that listens on a port, with no server or model named (a notebook image, a Ray head), names no model cache', () => {
    assert.deepEqual(advice(gpuPod('tensorflow/tensorflow:1.4.1-gpu-py3', 'ports: [{containerPort: 8888}]')), [generic]);
    assert.deepEqual(advice(gpuPod('hiyouga/verl:ngc-th2.6.0-cu126-vllm0.8.4', 'ports: [{containerPort: 6379, name: gcs-server}]')), [generic]);
  });

  it('evidence keeps the model cache: a hub model flag, a hub token, an image named for a server, a server command', () => {
    assert.deepEqual(advice(gpuPod('registry.example/app:1', 'args: [python, run.py, --model_name_or_path, Qwen/Qwen2.5-7B]')), [modelCache]);
    assert.deepEqual(advice(gpuPod('registry.example/app:1', 'env: [{name: HF_TOKEN, valueFrom: {secretKeyRef: {name: hf, key: token}}}]')), [modelCache]);
    assert.deepEqual(advice(gpuPod('rocm/vllm:rocm6.2_mi300_ubuntu20.04_py3.9_vllm_0.6.4')), [modelCache]);
    assert.deepEqual(advice(gpuPod('ubuntu:22.04', 'command: [python3, -m, vllm.entrypoints.openai.api_server, --model, $(MODEL_ID)]')), [modelCache]);
  });

  it('a RayService GPU worker whose Serve config loads a model keeps the model cache; its head does not', () => {
    assert.deepEqual(advice(fixture('MLK419', 'fail/rayservice-model-id-runtime-env.yaml')), [generic, modelCache]);
  });
});

describe('MLK104 names a dataset directory only where the manifest shows a dataset', () => {
  it('a training job with a dataset flag, an MNIST image or program, a Hydra data override or a dataset variable keeps the dataset advice', () => {
    assert.deepEqual(advice(pytorchJob('registry.example/fsdp:1', '[torchrun, /fsdp/train.py, --dataset=allenai/c4]')), [dataset]);
    assert.deepEqual(advice(pytorchJob('ghcr.io/kubeflow/training-v1/pytorch-dist-mnist:latest', '[python, /opt/mnist/src/mnist.py]')), [dataset]);
    assert.deepEqual(advice(pytorchJob('registry.example/train:1', '[python, train.py, data.train_files=/data/gsm8k/train.parquet]')), [dataset]);
    const withVariable = pytorchJob('registry.example/train:1', '[python, train.py]').replace('command: [python, train.py]', 'command: [python, train.py], env: [{name: DATASET_NAME, value: wikitext}]');
    assert.deepEqual(advice(withVariable), [dataset]);
  });

  it('near miss: NCCL tests, a synthetic benchmark and a training script naming no data get the generic advice', () => {
    assert.deepEqual(advice(pytorchJob('registry.example/nccl:1', '[/opt/nccl-tests/build/all_reduce_perf, -b, 8, -e, 2G]')), [generic]);
    assert.deepEqual(advice(pytorchJob('registry.example/bench:1', '[python, tf_cnn_benchmarks.py, --data_format=NCHW, --data_name=imagenet]')), [generic]);
    assert.deepEqual(advice(pytorchJob('registry.example/bench:1', '[python, tf_cnn_benchmarks.py, --data_name, cifar10]')), [generic]);
    assert.deepEqual(advice(pytorchJob('kubeflow/pytorch-deepspeed-demo:latest', '[torchrun, /train_bert_ds.py, --checkpoint_dir, /root/deepspeed_data]')), [generic]);
  });
});
