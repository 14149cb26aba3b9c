import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const mlk415 = (text: string) => lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK415');

/** The probe path and port of MLK415's finding and quick fix on the manifest's one serving container. */
function probe(text: string): { message: string; fix: string } {
  const [finding] = mlk415(text);
  assert.ok(finding, 'MLK415 reports the container');
  return { message: finding.message, fix: finding.fix?.edits[0]?.newText ?? '' };
}

// Trimmed from kubernetes-sigs/lws docs/examples/tensorrt-llm/lws.yaml: the leader's server.py runs tritonserver under mpirun.
const lwsLeader = (flag: string) => `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: tensorrt}
spec:
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        containers:
          - name: leader
            image: registry.example/trtllm-lws:1.0
            command: [sh, -c, "./install_model.sh; python3 ./server.py leader --pp=8 --tp=2 --gpu_per_node=8 ${flag}"]
            resources: {limits: {nvidia.com/gpu: "8"}}
            ports: [{containerPort: 8000}]
    workerTemplate:
      spec:
        containers:
          - name: worker
            image: registry.example/trtllm-lws:1.0
            command: [sh, -c, "./install_model.sh; python3 ./server.py worker ${flag}"]
            resources: {limits: {nvidia.com/gpu: "8"}}
`;

// As in the TensorRT-LLM backend's docs: scripts/launch_triton_server.py runs tritonserver under mpirun.
const deployment = (args: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: trtllm}
spec:
  selector: {matchLabels: {app: trtllm}}
  template:
    metadata: {labels: {app: trtllm}}
    spec:
      containers:
        - name: triton
          image: registry.example/trtllm-engine:0.9
          command: [bash, -c]
          args: ["${args}"]
          resources: {limits: {nvidia.com/gpu: 4}}
          ports: [{containerPort: 8000}, {containerPort: 8100}]
`;

describe('MLK415 knows Triton started by a launcher that does not name tritonserver', () => {
  it("a LeaderWorkerSet leader running Triton's multi-node server.py: Triton's readiness path, not /health", () => {
    const { message, fix } = probe(lwsLeader('--triton_model_repo_dir=/data/tensorrtllm_backend/all_models/inflight_batcher_llm/'));
    assert.match(message, /add an HTTP readiness probe on \/v2\/health\/ready\.$/);
    assert.match(fix, /path: \/v2\/health\/ready\n\s+port: 8000/);
  });

  it("launch_triton_server.py: Triton's readiness path on the script's --http_port", () => {
    const { message, fix } = probe(deployment('python3 /tensorrtllm_backend/scripts/launch_triton_server.py --world_size=4 --http_port 8100 --model_repo=/models/triton_model_repo'));
    assert.match(message, /on \/v2\/health\/ready\.$/);
    assert.match(fix, /path: \/v2\/health\/ready\n\s+port: 8100/);
  });

  it("a wrapper given Triton's --model-repository", () => {
    assert.match(probe(deployment('/opt/start.sh --model-repository=/models')).message, /on \/v2\/health\/ready\.$/);
  });

  it('near miss: a wrapper given --model-store (TorchServe takes it too) keeps the default /health', () => {
    assert.match(probe(deployment('/opt/start.sh --model-store=/models')).message, /on \/health\.$/);
  });

  it('near miss: a leader without Triton flags keeps the default /health', () => {
    assert.match(probe(lwsLeader('--model=/data/model')).message, /on \/health\.$/);
  });
});
