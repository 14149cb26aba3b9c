import * as assert from 'node:assert/strict';
import { emptyConfig, settingsFromConfig } from '../../../../src/core/lint/config';
import { documentObject } from '../../../../src/core/lint/kubernetes/document-object';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { KubernetesContext } from '../../../../src/core/lint/kubernetes/rule';
import { rule as mlk408 } from '../../../../src/core/lint/rules/kubernetes/mlk408-shm-exceeds-memory-limit';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

const found = (text: string, id: string) => lintManifest(text).findings.filter((f) => f.ruleId === id);
const messages = (text: string, id: string) => found(text, id).map((f) => f.message);
/** What MLK405 says the 64 MB /dev/shm breaks. */
const breaks = (text: string) => messages(text, 'MLK405').map((m) => m.replace(/^.*, which breaks /, '').replace(/; mount an emptyDir.*$/, ''));

const pod = (container: string, limits = 'nvidia.com/gpu: 1') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
${container}      resources:
        limits: {${limits}}
`;

describe('MLK406 on the pod KServe merges from an InferenceService and the ServingRuntime of its file', () => {
  const runtime = (extra = '') =>
    `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: tgi\nspec:\n  containers:\n    - name: kserve-container\n      image: ghcr.io/huggingface/text-generation-inference:2.4.1\n${extra}`;
  const service = (predictor = '', model = '') =>
    `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: mistral\nspec:\n  predictor:\n${predictor}    model:\n      runtime: tgi\n      modelFormat: {name: pytorch}\n      resources: {limits: {nvidia.com/gpu: "2"}}\n${model}`;
  const file = (...documents: string[]) => documents.join('---\n');
  const predictorVolume = '    volumes:\n      - name: dshm\n        emptyDir: {medium: Memory, sizeLimit: 8Gi}\n';
  const runtimeVolume = '  volumes:\n    - name: dshm\n      emptyDir: {medium: Memory, sizeLimit: 8Gi}\n';

  it('a volume the predictor declares is mounted by the runtime container, and one the runtime declares by the model', () => {
    assert.deepEqual(messages(file(runtime('      volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n'), service(predictorVolume)), 'MLK406'), []);
    assert.deepEqual(messages(file(runtime(runtimeVolume), service('', '      volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n')), 'MLK406'), []);
  });

  it('a volume neither half mounts is still mounted nowhere, and one the other half mounts elsewhere is reported there', () => {
    assert.deepEqual(
      found(file(runtime(), service(predictorVolume)), 'MLK406').map((f) => [f.range.start.line, f.message]),
      [[17, 'The memory volume "dshm" is declared but mounted nowhere, so /dev/shm stays 64 MB; mount it at /dev/shm in the GPU container.']],
    );
    const elsewhere = found(file(runtime('      volumeMounts: [{name: dshm, mountPath: /scratch}]\n'), service(predictorVolume)), 'MLK406');
    assert.deepEqual(
      elsewhere.map((f) => [f.range.start.line, f.message, f.fix?.edits[0]?.newText]),
      [[9, 'The memory volume "dshm" is mounted at /scratch, not /dev/shm, so shared memory stays 64 MB; set mountPath: /dev/shm.', '/dev/shm']],
    );
  });

  it('an InferenceService whose runtime is in another file keeps its own finding', () => {
    assert.equal(messages(service(predictorVolume), 'MLK406').length, 1);
  });
});

describe('MLK405 leaves an LLM server alone that keeps its model on one GPU', () => {
  it('vLLM, SGLang and TGI with no parallel size, or sizes of 1, in any spelling', () => {
    for (const command of [
      '      image: vllm/vllm-openai:v0.8.5\n      args: [--model, m]\n',
      '      image: vllm/vllm-openai:v0.8.5\n      args: [--model, m, --tensor-parallel-size, "1", -pp, "1"]\n',
      '      image: vllm/vllm-openai:v0.8.5\n      args: [--model, m, -tp=1, --pipeline_parallel_size=1, --distributed-executor-backend=uni]\n',
      '      image: registry.example/llm:1\n      command: [sh, -c, "vllm serve m --port 8080 --tensor-parallel-size 1"]\n',
      '      image: lmsysorg/sglang:v0.4.6\n      command: [python3, -m, sglang.launch_server, --model-path, m, --tp, "1"]\n',
      '      image: lmsysorg/sglang:v0.4.6\n      command: [python3, -m, sglang.launch_server, --model-path, m, --tp-size=1, --dp-size=1]\n',
      '      image: ghcr.io/huggingface/text-generation-inference:3.0.1\n      args: [--model-id, m]\n',
      '      image: ghcr.io/huggingface/text-generation-inference:3.0.1\n      args: [--model-id, m, --num-shard, "1"]\n',
    ]) {
      assert.deepEqual(breaks(pod(command)), [], command);
    }
  });

  it('reports a size above 1, a size it cannot read, an explicit executor, Ray, several GPUs, and TGI shards from variables', () => {
    const vllm = (args: string, limits?: string) => breaks(pod(`      image: vllm/vllm-openai:v0.8.5\n      args: [--model, m${args}]\n`, limits));
    const reason = "vLLM's tensor parallelism (NCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm)";
    assert.deepEqual(vllm(', --tensor-parallel-size=2'), [reason]);
    assert.deepEqual(vllm(', -dp, "2"'), [reason]);
    assert.deepEqual(vllm(', --tensor-parallel-size, $(TP)'), [reason]);
    assert.deepEqual(vllm(', --tensor-parallel, "1"'), [reason], 'an abbreviation argparse accepts');
    assert.deepEqual(vllm(', --distributed-executor-backend, mp'), [reason]);
    assert.deepEqual(vllm(', --config, /etc/vllm/config.yaml'), [reason]);
    assert.deepEqual(vllm('', 'nvidia.com/gpu: 2'), ['DataLoader workers (they pass batches through /dev/shm) and other multi-process work'], 'one worker on two GPUs runs no tensor parallelism');
    const tgi = '      image: ghcr.io/huggingface/text-generation-inference:3.0.1\n      args: [--model-id, m]\n';
    assert.equal(breaks(pod(`${tgi}      env: [{name: NUM_SHARD, value: "2"}]\n`)).length, 1);
    assert.equal(breaks(pod(`${tgi}      envFrom: [{configMapRef: {name: tgi}}]\n`)).length, 1);
    assert.equal(breaks(pod(tgi.replace('m]', 'm, --sharded, "true"]'))).length, 1);
  });

  it('a KServe model on one GPU served by a vLLM runtime of its file: the model\'s args and GPUs decide', () => {
    const runtime = `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: vllm\nspec:\n  containers:\n    - name: kserve-container\n      image: registry.example/vllm-cuda:0.8.5\n      command: [python, -m, vllm.entrypoints.openai.api_server]\n      args: ["--model=/mnt/models"]\n`;
    const service = (args: string, gpus: string) =>
      `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: granite\nspec:\n  predictor:\n    model:\n      runtime: vllm\n      modelFormat: {name: vLLM}\n      args: [${args}]\n      resources: {limits: {nvidia.com/gpu: "${gpus}"}}\n`;
    assert.deepEqual(breaks(`${runtime}---\n${service('"--max-model-len=4096"', '1')}`), []);
    assert.equal(breaks(`${runtime}---\n${service('"--tensor-parallel-size=2"', '2')}`).length, 1);
    assert.equal(breaks(`${runtime}---\n${service('"--tensor-parallel-size=2"', '1')}`).length, 1);
  });

  it('a runtime whose GPUs come from elsewhere (no InferenceService in its file) is still reported', () => {
    const runtime = `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: vllm\nspec:\n  containers:\n    - name: kserve-container\n      image: registry.example/vllm-cuda:0.8.5\n      command: [python, -m, vllm.entrypoints.openai.api_server]\n`;
    assert.equal(breaks(runtime).length, 1);
  });
});

describe('MLK405 on TensorFlow', () => {
  it('leaves TensorFlow on one GPU alone (tf.data uses threads, and no NCCL runs without a second GPU)', () => {
    assert.deepEqual(breaks(pod('      image: tensorflow/tensorflow:latest-gpu\n      command: [python, train.py]\n')), []);
    assert.deepEqual(breaks(pod('      image: volcanosh/example-tf-gpu:0.0.1\n      command: [sh, -c, "python tf_cnn_benchmarks.py --num_gpus=1"]\n')), []);
    assert.deepEqual(breaks(pod('      image: nvcr.io/nvidia/tensorflow:24.03-tf2-py3\n      command: [python, train.py]\n')), []);
  });

  it('tells TensorFlow on several GPUs, or under Horovod, about NCCL, not PyTorch DataLoader workers', () => {
    const nccl = "NCCL's all-reduce (TensorFlow's MirroredStrategy and Horovod run it between GPUs, and NCCL keeps shared-memory segments in /dev/shm)";
    assert.deepEqual(breaks(pod('      image: tensorflow/tensorflow:2.16.1-gpu\n      command: [python, train.py]\n', 'nvidia.com/gpu: 2')), [nccl]);
    assert.deepEqual(breaks(pod('      image: tensorflow/tensorflow:2.16.1-gpu\n      command: [horovodrun, -np, "1", python, train.py]\n')), [nccl]);
    assert.deepEqual(breaks(pod('      image: rocm/tensorflow:latest\n      command: [python, train.py]\n', 'amd.com/gpu: 4'))[0]?.startsWith("RCCL's all-reduce"), true);
  });

  it('a TensorFlow image that runs PyTorch is PyTorch', () => {
    assert.deepEqual(breaks(pod('      image: tensorflow/tensorflow:2.16.1-gpu\n      command: [torchrun, train.py]\n')), ['DataLoader workers and NCCL']);
  });
});

describe('MLK405 on a Kubeflow Trainer runtime whose TrainJob is in the same file', () => {
  const runtime = `apiVersion: trainer.kubeflow.org/v1alpha1
kind: ClusterTrainingRuntime
metadata: {name: torch-distributed}
spec:
  template:
    spec:
      replicatedJobs:
        - name: node
          template:
            spec:
              template:
                spec:
                  containers:
                    - name: node
                      image: pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime
                      command: [torchrun, /workspace/train.py]
`;
  const job = (limits: string, ref = 'name: torch-distributed') => `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata: {name: j}
spec:
  runtimeRef: {${ref}}
  trainer:
    resourcesPerNode:
      limits: {${limits}}
`;

  it('TrainJobs without accelerators give the CPU reason; one with a GPU, or none in the file, the GPU reason', () => {
    assert.deepEqual(breaks(`${runtime}---\n${job('cpu: "2"')}`), ['DataLoader workers (they pass batches through /dev/shm)']);
    assert.deepEqual(breaks(`${runtime}---\n${job('cpu: "2"')}---\n${job('nvidia.com/gpu: 1')}`), ['DataLoader workers and NCCL']);
    assert.deepEqual(breaks(runtime), ['DataLoader workers and NCCL']);
  });

  it('a TrainJob that names another runtime, or a namespaced TrainingRuntime of that name, settles nothing', () => {
    assert.deepEqual(breaks(`${runtime}---\n${job('cpu: "2"', 'name: other')}`), ['DataLoader workers and NCCL']);
    assert.deepEqual(breaks(`${runtime}---\n${job('cpu: "2"', 'name: torch-distributed, kind: TrainingRuntime')}`), ['DataLoader workers and NCCL']);
  });
});

describe('MLK407 does not repeat what MLK408 reports on the same volume', () => {
  const sglang = (resources: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: lmsysorg/sglang:latest
      resources: {limits: {${resources}}}
      volumeMounts: [{name: dshm, mountPath: /dev/shm}]
  volumes:
    - name: dshm
      emptyDir: {medium: Memory}
`;

  it('a mounting container without a memory limit: MLK302 says so (superseding MLK408), MLK407 only asks for the sizeLimit', () => {
    const text = sglang('nvidia.com/gpu: 2');
    assert.deepEqual(messages(text, 'MLK302').length, 1);
    assert.deepEqual(messages(text, 'MLK408'), []);
    assert.deepEqual(messages(text, 'MLK407'), ['The memory volume "dshm" has no sizeLimit; add one below the memory limit of the containers that mount it.']);
  });

  it('with a memory limit, or with no container mounting it, MLK407 keeps its own reasons', () => {
    assert.match(messages(sglang('nvidia.com/gpu: 2, memory: 32Gi'), 'MLK407')[0] ?? '', /sized to the pod's memory limit/);
    const unmounted = sglang('nvidia.com/gpu: 2').replace('      volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n', '');
    assert.deepEqual(messages(unmounted, 'MLK408'), []);
    assert.match(messages(unmounted, 'MLK407')[0] ?? '', /and the pod has no memory limit, so it can grow to the node's memory/);
  });
});

describe('MLK408 on a Kustomize patch: only what the patch itself sets', () => {
  /** MLK408's findings on the document as a patch (lintManifest runs only MLK001 and MLK002 on patches). */
  const asPatch = (text: string) => {
    const file = parseYaml(text);
    const document = file.documents[0];
    assert.ok(document);
    const object = documentObject(file, document);
    assert.ok(object);
    const config = emptyConfig();
    const ctx: KubernetesContext = { file, document, view: object.view, object, settings: settingsFromConfig(config), cluster: config.cluster, patch: true, fixes: false, scaledByHpa: () => false };
    return mlk408.check(ctx).map((f) => [f.range.start.line, f.message]);
  };
  // llm-d guides/pd-disaggregation/modelserver/gpu/vllm/base/patch-prefill.yaml, cut to what MLK408 reads.
  const prefill = (memory: string, sizeLimit: string, mount = '            - mountPath: /dev/shm\n              name: shm\n') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: prefill
spec:
  template:
    spec:
      containers:
        - name: modelserver
          resources:
            limits:
${memory}              nvidia.com/gpu: "1"
          volumeMounts:
${mount}      volumes:
        - name: shm
          emptyDir:
            medium: Memory
            sizeLimit: ${sizeLimit}
`;

  it('a sizeLimit at least the memory limit of the container that mounts it, both in the patch', () => {
    assert.deepEqual(asPatch(prefill('              memory: 16Gi\n', '20Gi')), [
      [
        21,
        'The memory volume "shm" may hold 20Gi, at least the memory limit of container "modelserver" (16Gi) that mounts it; its tmpfs pages count against that limit, so a full /dev/shm OOM-kills the container instead of failing with ENOSPC: lower the sizeLimit or raise the memory limit.',
      ],
    ]);
  });

  it('nothing the base may change: a limit the patch leaves out, a sizeLimit below the limit, a container that does not mount it', () => {
    assert.deepEqual(asPatch(prefill('', '20Gi')), [], 'the base may set the memory limit');
    assert.deepEqual(asPatch(prefill('              memory: 32Gi\n', '20Gi')), []);
    assert.deepEqual(asPatch(prefill('              memory: 16Gi\n', '20Gi', '            - mountPath: /.cache\n              name: cache\n')), []);
  });

  it('the whole object is judged against the pod\'s total limit, as before', () => {
    assert.equal(messages(prefill('              memory: 16Gi\n', '20Gi'), 'MLK408').length, 1);
    assert.equal(messages(prefill('              memory: 32Gi\n', '20Gi'), 'MLK408').length, 0);
  });
});
