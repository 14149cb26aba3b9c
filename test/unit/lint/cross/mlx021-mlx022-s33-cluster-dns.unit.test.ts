import * as assert from 'node:assert/strict';
import type { WorkspaceFinding } from '../../../../src/core/lint/cross/lint';
import type { TextEdit } from '../../../../src/core/lint/types';
import { lintTree } from './lint-tree';

/** Applies edits that each start and end on one line (the fixes here insert or replace within a line). */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line)) {
    const line = lines[e.range.start.line - 1] ?? '';
    lines[e.range.start.line - 1] = line.slice(0, e.range.start.column - 1) + e.newText + line.slice(e.range.end.column - 1);
  }
  return lines.join('\n');
}

/** SGLang's 2-node StatefulSet as its repository ships it (docker/k8s-sglang-distributed-sts.yaml), shortened. */
const sglangSts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: distributed-sglang
spec:
  replicas: 2
  selector:
    matchLabels:
      app: distributed-sglang
  serviceName: ""
  template:
    metadata:
      labels:
        app: distributed-sglang
    spec:
      containers:
      - name: sglang-container
        image: docker.io/lmsysorg/sglang:v0.4.6
        command:
        - /bin/bash
        - -c
        args:
        - |
          python3 -m sglang.launch_server \\
          --model /llm-folder \\
          --dist-init-addr sglang-master-pod:5000 \\
          --nnodes 2 \\
          --node-rank $POD_INDEX
        resources:
          limits:
            nvidia.com/gpu: "8"
      hostNetwork: POLICY
---
apiVersion: v1
kind: Service
metadata:
  name: sglang-master-pod
spec:
  type: ClusterIP
  selector:
    app: distributed-sglang
    apps.kubernetes.io/pod-index: "0"
  ports:
  - name: dist-port
    port: 5000
`;

function sts(policyLines: string): string {
  return sglangSts.replace('hostNetwork: POLICY', `hostNetwork: true${policyLines}`);
}

function only(findings: readonly WorkspaceFinding[], id: string): WorkspaceFinding[] {
  return findings.filter((f) => f.ruleId === id);
}

describe('MLX021: a hostNetwork pod that dials a cluster name needs dnsPolicy: ClusterFirstWithHostNet', () => {
  it("reports SGLang's StatefulSet, whose rank 1 dials the head Service by name, and inserts the policy beside hostNetwork", () => {
    const text = sts('');
    const [found, ...rest] = only(lintTree({ 'k8s-sglang-distributed-sts.yaml': text }), 'MLX021');
    assert.deepEqual(rest, []);
    assert.ok(found);
    assert.deepEqual([found.range.start.line, found.range.start.column, found.range.end.column], [32, 20, 24]);
    assert.equal(
      found.message,
      'hostNetwork: true without dnsPolicy: ClusterFirstWithHostNet: the pod resolves names through the node\'s resolv.conf, not the cluster DNS, so "sglang-master-pod" (Service sglang-master-pod in namespace default), which container sglang-container names in its args, does not resolve; set dnsPolicy: ClusterFirstWithHostNet.',
    );
    assert.equal(found.related, undefined, 'the Service is in the same file');
    const fixed = applyEdits(text, found.fix?.edits ?? []);
    assert.ok(fixed.includes('      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet\n---'), fixed);
    assert.deepEqual(only(lintTree({ 'k8s-sglang-distributed-sts.yaml': fixed }), 'MLX021'), []);
  });

  it('rewrites dnsPolicy: ClusterFirst, which falls back to the node resolver on the host network', () => {
    const text = sts('\n      dnsPolicy: ClusterFirst');
    const [found] = only(lintTree({ 'sts.yaml': text }), 'MLX021');
    assert.ok(found?.message.startsWith('hostNetwork: true with dnsPolicy: ClusterFirst, which falls back to the Default policy on the host network: '), found?.message);
    assert.deepEqual(found?.fix?.edits.map((e) => [e.range.start.line, e.range.start.column, e.range.end.column, e.newText]), [[33, 18, 30, 'ClusterFirstWithHostNet']]);
  });

  it('stays silent once the pod asks the cluster DNS, or chose its own resolver (Default, None, dnsConfig)', () => {
    for (const policy of ['\n      dnsPolicy: ClusterFirstWithHostNet', '\n      dnsPolicy: Default', '\n      dnsPolicy: None\n      dnsConfig:\n        nameservers: [10.0.0.10]', '\n      dnsConfig:\n        searches: [sglang.example]']) {
      assert.deepEqual(only(lintTree({ 'sts.yaml': sts(policy) }), 'MLX021'), [], policy);
    }
  });

  it('finds the Service in another file of the folder, and points at it', () => {
    const [workload, service] = sglangSts.replace('hostNetwork: POLICY', 'hostNetwork: true').split('---\n');
    const [found] = only(lintTree({ 'app/statefulset.yaml': workload ?? '', 'app/service.yaml': service ?? '' }), 'MLX021');
    assert.deepEqual(found && [found.path, found.related?.file, found.related?.message], ['app/statefulset.yaml', 'app/service.yaml', 'the Service the pod dials by name']);
  });

  it('appends the policy when hostNetwork ends a file without a line break', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    args: [wget, "http://api.team.svc:8080/"]\n  hostNetwork: true';
    const [found] = only(lintTree({ 'pod.yaml': pod }), 'MLX021');
    assert.ok(found?.message.includes('"api.team.svc" (a Service name under .svc), which container c names in its args'), found?.message);
    assert.equal(applyEdits(pod, found?.fix?.edits ?? []), `${pod}\n  dnsPolicy: ClusterFirstWithHostNet`);
  });

  it('reads host flags, NAME_HOST= assignments and host env values, and leaves other words that match a Service alone', () => {
    const pod = (args: string, env = '') =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  hostNetwork: true\n  containers:\n  - name: c\n    image: busybox:1.36\n    args: ${args}${env}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: redis\nspec:\n  selector: {app: redis}\n`;
    const hosts = (args: string, env = '') => only(lintTree({ 'pod.yaml': pod(args, env) }), 'MLX021').map((f) => /"([^"]+)" \(/.exec(f.message)?.[1]);
    assert.deepEqual(hosts('[--redis-host, redis]'), ['redis']);
    assert.deepEqual(hosts('[--cache-server=redis]'), ['redis']);
    assert.deepEqual(hosts('[sh, -c, "REDIS_HOST=redis ./serve"]'), ['redis']);
    assert.deepEqual(hosts('[serve]', '\n    env:\n    - name: CACHE_URL\n      value: redis://redis:6379/0'), ['redis']);
    assert.deepEqual(hosts('[serve]', '\n    env:\n    - name: REDIS_ADDR\n      value: redis'), ['redis']);
    assert.deepEqual(hosts('[--served-model-name, redis, --cache, redis]'), [], 'not a host flag');
    assert.deepEqual(hosts('[serve]', '\n    env:\n    - name: CACHE_NAME\n      value: redis'), [], 'not a host env');
    assert.deepEqual(hosts('[--master-addr, 10.0.0.5, --server, "localhost:6379"]'), [], 'addresses the node resolves');
  });

  it("reports a LeaderWorkerSet pod that dials $(LWS_LEADER_ADDRESS), and no other object's reference to that variable", () => {
    const container = `containers:
      - name: worker
        image: vllm/vllm-openai:v0.8.5
        command: [sh, -c, "ray start --address=$(LWS_LEADER_ADDRESS):6379 --block"]`;
    const lws = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  leaderWorkerTemplate:
    size: 2
    workerTemplate:
      spec:
        hostNetwork: true
        ${container.replace(/\n/g, '\n  ')}
`;
    const [found] = only(lintTree({ 'lws.yaml': lws }), 'MLX021');
    assert.ok(found?.message.includes(`"$(LWS_LEADER_ADDRESS)" (the leader's address LeaderWorkerSet injects, a record of its headless Service)`), found?.message);
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
spec:
  selector: {matchLabels: {app: vllm}}
  template:
    metadata: {labels: {app: vllm}}
    spec:
      hostNetwork: true
      ${container}
`;
    assert.deepEqual(only(lintTree({ 'deploy.yaml': deployment }), 'MLX021'), []);
  });

  it("leaves the pods of operators that set the policy themselves, and names the node's /etc/hosts maps", () => {
    const mpi = `apiVersion: kubeflow.org/v2beta1\nkind: MPIJob\nmetadata:\n  name: nccl\nspec:\n  mpiReplicaSpecs:\n    Launcher:\n      template:\n        spec:\n          hostNetwork: true\n          containers:\n          - name: launcher\n            image: mpioperator/openmpi:v0.5.0\n            args: [mpirun, --host, "nccl-worker-0.nccl.default.svc:8"]\n`;
    assert.deepEqual(only(lintTree({ 'mpijob.yaml': mpi }), 'MLX021'), []);
    const aliased = sts('\n      hostAliases:\n      - ip: 10.0.0.2\n        hostnames: [sglang-master-pod]');
    assert.deepEqual(only(lintTree({ 'sts.yaml': aliased }), 'MLX021'), []);
  });
});

const engines = (serviceSpec: string, podSpec: string) => `apiVersion: v1
kind: Service
metadata:
  name: engine
  namespace: test-ns
spec:
${serviceSpec}
  selector: {model: llama}
  ports: [{port: 80, targetPort: 8000}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: engine
  namespace: test-ns
spec:
  selector: {matchLabels: {model: llama}}
  template:
    metadata:
      labels: {model: llama}
    spec:
${podSpec}
      containers:
      - name: vllm
        image: vllm/vllm-openai:v0.8.5
`;

describe('MLX022: a pod subdomain names a Service that is not headless', () => {
  it('reports the subdomain, says which DNS serves the records, and points at the Service', () => {
    const [found, ...rest] = only(lintTree({ 'engine.yaml': engines('  type: ClusterIP', '      hostname: engine-0\n      subdomain: engine') }), 'MLX022');
    assert.deepEqual(rest, []);
    assert.deepEqual(found && [found.range.start.line, found.range.start.column, found.range.end.column, found.severity], [23, 18, 24, 'info']);
    assert.equal(
      found?.message,
      'subdomain "engine" names Service engine, which is not headless: the Kubernetes DNS specification gives the pods\' <hostname>.engine.test-ns.svc records only for a headless Service, so kube-dns serves none and only CoreDNS answers. Make the Service headless (clusterIP: None; recreate it, the field is immutable) or point subdomain at a headless Service that selects these pods.',
    );
    assert.equal(found?.related?.message, 'the Service that is not headless');
  });

  it('stays silent for a headless Service, a pod without a hostname, or a namesake Service applied apart from the pod', () => {
    assert.deepEqual(only(lintTree({ 'engine.yaml': engines('  clusterIP: None', '      hostname: engine-0\n      subdomain: engine') }), 'MLX022'), []);
    assert.deepEqual(only(lintTree({ 'engine.yaml': engines('  type: ClusterIP', '      subdomain: engine') }), 'MLX022'), []);
    const [service, deployment] = engines('  type: ClusterIP', '      hostname: engine-0\n      subdomain: engine').split('---\n');
    assert.deepEqual(only(lintTree({ 'a/service.yaml': service ?? '', 'b/deployment.yaml': deployment ?? '' }), 'MLX022'), []);
  });
});
