import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { isAcceleratorResource, looksLikeAccelerator } from '../../../../src/core/lint/kubernetes/gpu';
import { defaultClusterProfile } from '../../../../src/core/lint/kubernetes/settings';

const messages = (text: string, id: string) => lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);

// opea-project/GenAIExamples ChatQnA gaudi manifest chatqna-vllm.yaml (trimmed): vLLM on 8 Gaudi cards, privileged.
const gaudiVllm = `apiVersion: apps/v1
kind: Deployment
metadata: {name: chatqna-vllm}
spec:
  replicas: 1
  strategy: {type: Recreate}
  selector: {matchLabels: {app: vllm}}
  template:
    metadata: {labels: {app: vllm}}
    spec:
      containers:
        - name: vllm
          securityContext:
            privileged: true
            capabilities: {add: ["SYS_NICE"]}
          image: opea/vllm-hpu:1.2
          ports: [{name: http, containerPort: 2080}]
          resources:
            limits: {habana.ai/gaudi: 8, memory: 400Gi, hugepages-2Mi: 9800Mi}
`;

describe('Non-NVIDIA accelerator sweep', () => {
  it('MLK418 calls a privileged Gaudi container an accelerator container, not a GPU one', () => {
    const [message, ...rest] = messages(gaudiVllm, 'MLK418');
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /is an accelerator container running privileged, which exposes every device of the node/);
    assert.match(message ?? '', /its habana\.ai\/gaudi request already gives it its devices/);
    assert.doesNotMatch(message ?? '', /GPU/);
  });

  it('MLK418 keeps calling a privileged AMD GPU container a GPU container', () => {
    const amd = gaudiVllm.replace('habana.ai/gaudi: 8', 'amd.com/gpu: 8').replace('opea/vllm-hpu:1.2', 'rocm/vllm:rocm6.2_mi300_ubuntu20.04_py3.9_vllm_0.6.4');
    assert.match(messages(amd, 'MLK418')[0] ?? '', /is a GPU container running privileged, which exposes every GPU and bypasses the device plugin/);
  });

  it("AMD GPU partitions (the device plugin's mixed naming) are accelerators; AMD's AI NICs are not, and do not look like one", () => {
    const cluster = defaultClusterProfile();
    for (const name of ['amd.com/cpx_nps4', 'amd.com/spx_nps1', 'amd.com/dpx_nps2', 'amd.com/qpx_nps1']) {
      assert.ok(isAcceleratorResource(name, cluster), name);
    }
    for (const name of ['amd.com/nic', 'amd.com/vnic', 'amd.com/cpx_nps3', 'amd.com/cpx-nps4']) {
      assert.ok(!isAcceleratorResource(name, cluster), name);
    }
    assert.ok(!looksLikeAccelerator('amd.com/nic'));
    assert.ok(!looksLikeAccelerator('amd.com/vnic'));
    assert.ok(looksLikeAccelerator('amd.com/gpus'));
  });

  it('an AMD partition request counts as a GPU workload (MLK405 asks for /dev/shm)', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
    - name: train
      image: rocm/pytorch:rocm6.2_ubuntu22.04_py3.10_pytorch_release_2.3.0
      resources:
        limits: {amd.com/cpx_nps4: 2}
`;
    assert.equal(messages(pod, 'MLK405').length, 1);
  });
});

describe('Collective libraries are named by vendor (MLK405, MLK414, MLK108)', () => {
  const pod = (limits: string, image: string) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Never
  containers:
    - name: train
      image: ${image}
      command: ["torchrun", "--nproc-per-node", "8", "train.py"]
      resources:
        limits: {${limits}}
`;
  const job = (limits: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: train}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: train
          image: registry.example/train:1
          command: ["torchrun", "--nproc-per-node", "8", "train.py"]
          resources:
            limits: {${limits}}
`;
  const rocm = 'rocm/pytorch:rocm6.2_ubuntu22.04_py3.10_pytorch_release_2.3.0';

  it('MLK405: RCCL on AMD GPUs and partitions, oneCCL on Intel GPUs, NCCL on NVIDIA ones (unchanged)', () => {
    assert.deepEqual(messages(pod('amd.com/gpu: 8', rocm), 'MLK405'), [
      'container "train" gets the default 64 MB /dev/shm, which breaks DataLoader workers and RCCL; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm.',
    ]);
    assert.match(messages(pod('amd.com/cpx_nps4: 2', rocm), 'MLK405')[0] ?? '', /breaks DataLoader workers and RCCL;/);
    assert.match(messages(pod('gpu.intel.com/i915: 1', 'intel/intel-extension-for-pytorch:2.3.110-xpu'), 'MLK405')[0] ?? '', /breaks DataLoader workers and oneCCL;/);
    assert.deepEqual(messages(pod('nvidia.com/gpu: 8', 'nvcr.io/nvidia/pytorch:24.05-py3'), 'MLK405'), [
      'container "train" gets the default 64 MB /dev/shm, which breaks DataLoader workers and NCCL; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm.',
    ]);
  });

  it('MLK405: vendors mixed in one pod, or a cluster-specific resource, name no library', () => {
    assert.match(messages(pod('amd.com/gpu: 1, nvidia.com/gpu: 1', rocm), 'MLK405')[0] ?? '', /breaks DataLoader workers and the collective library;/);
    assert.doesNotMatch(messages(pod('amd.com/gpu: 1, nvidia.com/gpu: 1', rocm), 'MLK405')[0] ?? '', /NCCL/);
  });

  it('MLK414: a hung RCCL, oneCCL, HCCL or Neuron collective; TPUs keep "a hung collective", NVIDIA "a hung NCCL collective"', () => {
    const hung = (limits: string) => messages(job(limits), 'MLK414')[0] ?? '';
    assert.equal(hung('amd.com/gpu: 8'), 'This GPU Job has no activeDeadlineSeconds, so a hung RCCL collective can hold the GPUs indefinitely; set a deadline a little above the expected run time.');
    assert.match(hung('gpu.intel.com/xe: 4'), /^This GPU Job has no activeDeadlineSeconds, so a hung oneCCL collective can hold the GPUs/);
    assert.match(hung('habana.ai/gaudi: 8'), /^This accelerator Job has no activeDeadlineSeconds, so a hung HCCL collective can hold the accelerators/);
    assert.match(hung('aws.amazon.com/neuron: 16'), /^This accelerator Job has no activeDeadlineSeconds, so a hung Neuron collective can hold the accelerators/);
    assert.match(hung('google.com/tpu: 4'), /^This TPU Job has no activeDeadlineSeconds, so a hung collective can hold the TPUs/);
    assert.match(hung('amd.com/gpu: 4, habana.ai/gaudi: 4'), /so a hung collective can hold/);
    assert.equal(hung('nvidia.com/gpu: 8'), 'This GPU Job has no activeDeadlineSeconds, so a hung NCCL collective can hold the GPUs indefinitely; set a deadline a little above the expected run time.');
  });

  it('MLK414: a device check on Gaudi devices hangs on a wedged device, not a GPU; on AMD GPUs on a wedged GPU', () => {
    const check = (limits: string, command: string) => messages(job(limits).replace('["torchrun", "--nproc-per-node", "8", "train.py"]', command), 'MLK414')[0] ?? '';
    assert.match(check('habana.ai/gaudi: 8', '["hl-smi"]'), /a device check that hangs on a wedged device or driver can hold the accelerators/);
    assert.match(check('amd.com/gpu: 1', '["amd-smi", "list"]'), /a device check that hangs on a wedged GPU or driver can hold the GPUs/);
  });

  it('MLK108: an RDMA/RCCL pod on AMD GPUs, an RDMA/HCCL one on Gaudi; NVIDIA and accelerator-less pods keep RDMA/NCCL', () => {
    const host = (limits: string) => messages(pod(limits, rocm).replace('  restartPolicy: Never\n', '  restartPolicy: Never\n  hostNetwork: true\n'), 'MLK108')[0] ?? '';
    assert.match(host('amd.com/gpu: 8'), /remove it unless this is an RDMA\/RCCL pod \(request the RDMA device resource\)\.$/);
    assert.match(host('habana.ai/gaudi: 8'), /unless this is an RDMA\/HCCL pod/);
    assert.match(host('aws.amazon.com/neuron: 16'), /unless this is a pod running collectives over RDMA/);
    assert.equal(host('nvidia.com/gpu: 8'), 'hostNetwork: true puts the pod on the node network, bypassing NetworkPolicies and exposing its ports on the node; remove it unless this is an RDMA/NCCL pod (request the RDMA device resource).');
    assert.match(host('cpu: 1'), /an RDMA\/NCCL pod/);
  });

  it('MLK418: /dev/dri beside /dev/kfd is an AMD GPU\'s render node; /dev/dri alone may be Intel\'s or AMD\'s', () => {
    const hostPaths = (paths: readonly string[]) => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: rocm/vllm:latest
      command: ["vllm", "serve", "m"]
  volumes:
${paths.map((p, i) => `    - {name: v${i}, hostPath: {path: ${p}}}`).join('\n')}
`;
    const both = messages(hostPaths(['/dev/kfd', '/dev/dri']), 'MLK418');
    assert.equal(both.length, 2);
    assert.equal(both[1], 'The hostPath volume "v1" exposes /dev/dri directly, bypassing device-plugin allocation and isolation; request amd.com/gpu in resources.limits instead.');
    assert.match(messages(hostPaths(['/dev/dri']), 'MLK418')[0] ?? '', /request gpu\.intel\.com\/i915 \(Intel\) or amd\.com\/gpu \(AMD\) in resources\.limits instead\.$/);
  });
});

describe('MLK415 on JetStream: a TCP probe on the gRPC port, not an HTTP /health', () => {
  // GoogleCloudPlatform/ai-on-gke JetStream MaxText deployment.yaml (trimmed).
  const maxengine = (sidecar: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: maxengine-server}
spec:
  strategy: {type: Recreate}
  selector: {matchLabels: {app: maxengine-server}}
  template:
    metadata: {labels: {app: maxengine-server}}
    spec:
      containers:
      - name: maxengine-server
        image: registry.example/cloud-tpu-images/inference/maxengine-server:v0.2.2
        args: [model_name=gemma-7b, tokenizer_path=assets/tokenizer.gemma]
        ports: [{containerPort: 9000}]
        resources:
          limits: {google.com/tpu: 8}
${sidecar ? '      - name: jetstream-http\n        image: registry.example/cloud-tpu-images/inference/jetstream-http:v0.2.2\n        ports: [{containerPort: 8000}]\n' : ''}`;
  const mlk415 = (text: string) => lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK415');

  it('maxengine alone: a TCP probe on 9000 (no standard gRPC health service, no HTTP)', () => {
    const [finding, ...rest] = mlk415(maxengine(false));
    assert.equal(rest.length, 0);
    assert.equal(
      finding?.message,
      'container "maxengine-server" serves a model but has no readinessProbe, so traffic reaches pods still loading weights; add a TCP readiness probe on port 9000, which JetStream\'s gRPC server opens only once the weights are loaded (it serves no standard gRPC health service for a grpc probe).',
    );
    assert.equal(finding?.fix?.title, 'Add a TCP readinessProbe on port 9000');
    assert.match(finding?.fix?.edits[0]?.newText ?? '', /tcpSocket:\n\s+port: 9000/);
    assert.doesNotMatch(finding?.fix?.edits[0]?.newText ?? '', /httpGet/);
  });

  it('beside the jetstream-http sidecar: its /healthcheck on 8000 is offered too', () => {
    assert.match(mlk415(maxengine(true))[0]?.message ?? '', /add a TCP readiness probe on port 9000, .*, or an HTTP one on the jetstream-http sidecar's \/healthcheck \(port 8000\)\.$/);
  });

  it("MaxText's maxengine_server module on another image, and JetStream's own HTTP server (/v1/health on --port)", () => {
    const module = maxengine(false).replace('registry.example/cloud-tpu-images/inference/maxengine-server:v0.2.2', 'registry.example/maxtext:1').replace('args: [model_name=gemma-7b', 'command: [python3, -m, MaxText.maxengine_server, MaxText/configs/base.yml]\n        args: [model_name=gemma-7b');
    assert.match(mlk415(module)[0]?.message ?? '', /add a TCP readiness probe on port 9000,/);
    const http = maxengine(false).replace('registry.example/cloud-tpu-images/inference/maxengine-server:v0.2.2', 'registry.example/jetstream:1').replace('args: [model_name=gemma-7b, tokenizer_path=assets/tokenizer.gemma]', 'command: [python3, -m, jetstream.entrypoints.http.api_server, --port=8081]');
    const [finding] = mlk415(http);
    assert.match(finding?.message ?? '', /add an HTTP readiness probe on \/v1\/health\.$/);
    assert.match(finding?.fix?.edits[0]?.newText ?? '', /path: \/v1\/health\n\s+port: 8081/);
  });
});

describe('MLK419 says where a model that is no hub download comes from', () => {
  // triton-inference-server/server deploy/gcp chart, rendered by hand (trimmed).
  const triton = (args: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: triton}
spec:
  strategy: {type: Recreate}
  selector: {matchLabels: {app: triton}}
  template:
    metadata: {labels: {app: triton}}
    spec:
      containers:
        - name: triton
          image: nvcr.io/nvidia/tritonserver:24.08-py3
          args: ${args}
          resources: {limits: {nvidia.com/gpu: 1}}
${extra}`;
  const mlk419 = (text: string) => messages(text, 'MLK419');

  it('Triton with a bucket repository copies it at every start: no Hugging Face cache to mount a volume at', () => {
    assert.deepEqual(mlk419(triton('["tritonserver", "--model-store=gs://triton_sample_models/24.08"]')), [
      'container "triton" copies its model repository from gs://triton_sample_models/24.08 into a temporary directory at every start (Triton keeps no cache of it); copy the repository to a PersistentVolumeClaim (or a bucket-backed CSI volume) and point --model-repository at its mount path.',
    ]);
  });

  it('a model path on an emptyDir is named with its volume, not the Hugging Face cache', () => {
    const onEmptyDir = triton('[tritonserver, --model-repository=/models]', '          volumeMounts: [{name: scratch, mountPath: /models}]\n      volumes: [{name: scratch, emptyDir: {}}]\n');
    const [message, ...rest] = mlk419(onEmptyDir);
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /^container "triton" serves its model from \/models on the emptyDir "scratch", which lasts only as long as the pod/);
    assert.doesNotMatch(message ?? '', /huggingface/);
  });
});
