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
