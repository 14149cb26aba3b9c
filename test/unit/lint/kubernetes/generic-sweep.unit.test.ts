import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** Messages of `id` for a Pod with the given spec lines (indented by four spaces under `spec:`). */
function messages(spec: string, id: string): string[] {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
  return lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

describe('generic rules on well-kept cluster manifests: what the messages say', () => {
  it('MLK105: NET_ADMIN and SYS_PTRACE reach the pod\'s own network and processes unless it shares the node\'s', () => {
    const caps = (cap: string, pod = '') => messages(`${pod}  containers:\n    - name: c\n      image: registry.example/x:1\n      securityContext: {capabilities: {add: [${cap}]}}\n`, 'MLK105');
    assert.deepEqual(caps('NET_ADMIN'), [
      'container "c" adds the NET_ADMIN capability, which lets it rewrite the pod\'s own network setup (iptables rules, routes, interfaces) and intercept its traffic; remove it, or move traffic redirection into a CNI plugin (as the Istio and Linkerd CNI plugins do).',
    ]);
    assert.deepEqual(caps('NET_ADMIN', '  hostNetwork: true\n'), ['container "c" adds the NET_ADMIN capability, which on the host network lets it reconfigure the node\'s interfaces, routes and firewall; remove it.']);
    assert.deepEqual(caps('SYS_PTRACE'), ['container "c" adds the SYS_PTRACE capability, which lets it read the memory of, and inject code into, the processes it can see; remove it outside debugging sessions (use an ephemeral debug container).']);
    assert.deepEqual(caps('SYS_PTRACE', '  hostPID: true\n'), ['container "c" adds the SYS_PTRACE capability, which with hostPID lets it read the memory of, and inject code into, every process on the node; remove it.']);
    assert.deepEqual(caps('SYS_ADMIN'), ['container "c" adds the SYS_ADMIN capability, which is close to root on the node; remove it and add only narrow capabilities.']);
  });

  it('MLK103: runAsUser 0 runs as root; an unset user only may', () => {
    const user = (sc: string) => messages(`  containers:\n    - name: c\n      image: registry.example/x:1\n      securityContext: ${sc}\n`, 'MLK103');
    assert.deepEqual(user('{runAsUser: 0, runAsNonRoot: false}'), ['container "c" runs as root (runAsUser 0); set runAsNonRoot: true and a numeric runAsUser (check the image\'s USER), or suppress with a reason for images that need root.']);
    assert.deepEqual(user('{}'), ['container "c" may run as root (runAsUser unset, runAsNonRoot not true); set runAsNonRoot: true and a numeric runAsUser (check the image\'s USER), or suppress with a reason for images that need root.']);
  });

  it('MLK116: a low port without NET_BIND_SERVICE may need root, and the fix can be that one capability', () => {
    const ports = (sc: string) => messages(`  containers:\n    - name: c\n      image: registry.example/x:1\n      ports: [{containerPort: 80}]\n      securityContext: ${sc}\n`, 'MLK116');
    assert.deepEqual(ports('{runAsUser: 101}'), ['container "c" listens on privileged port 80, which a process without root or NET_BIND_SERVICE may bind only where the runtime lowers net.ipv4.ip_unprivileged_port_start (containerd 2.x does by default; CRI-O and containerd 1.x do not); set that sysctl to 0 in the pod\'s securityContext.sysctls, add only the NET_BIND_SERVICE capability, or listen on a port ≥ 1024 and map it in the Service.']);
    assert.deepEqual(ports('{runAsUser: 101, capabilities: {add: [NET_BIND_SERVICE], drop: [ALL]}}'), []);
    assert.deepEqual(ports('{runAsUser: 101, capabilities: {add: [CAP_NET_BIND_SERVICE]}}'), []);
  });

  it('MLK313: identical TCP checks test no dependency; the advice is to relax the liveness probe', () => {
    const probes = (probe: string) => messages(`  containers:\n    - name: c\n      image: registry.example/x:1\n      readinessProbe: ${probe}\n      livenessProbe: ${probe}\n`, 'MLK313');
    assert.deepEqual(probes('{tcpSocket: {port: 6379}, periodSeconds: 5}'), [
      'container "c" uses the same check for liveness and readiness, so a container too busy to accept connections is restarted the moment it is taken out of traffic, with no time to recover; give the liveness probe a higher failureThreshold or periodSeconds than the readiness probe.',
    ]);
    assert.match(probes('{httpGet: {path: /health, port: 8080}}')[0] ?? '', /so a failing dependency restarts it instead of only stopping traffic/);
  });

  it('MLK301/MLK302: an init container inside the pod\'s reservation is asked only for its memory limit', () => {
    const spec = (app: string) => `  initContainers:\n    - name: init\n      image: registry.example/init:1\n  containers:\n    - name: app\n      image: registry.example/x:1\n      resources: ${app}\n`;
    const initMessages = (app: string, id: string) => messages(spec(app), id).filter((m) => m.startsWith('init container'));
    assert.deepEqual(initMessages('{requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 1Gi}}', 'MLK301'), []);
    assert.deepEqual(initMessages('{requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 1Gi}}', 'MLK302'), ['init container "init" has no resources.limits.memory; set it.']);
    assert.deepEqual(initMessages('{}', 'MLK301'), ['init container "init" has no resources.requests.cpu, so the scheduler assumes it needs no CPU; set a CPU request.']);
    assert.deepEqual(initMessages('{}', 'MLK302'), ['init container "init" has no resources.requests.memory and no resources.limits.memory; set both.']);
  });

  it('MLK111: a hostPort on the host network is MLK108\'s to report', () => {
    const hostPort = (pod: string) => messages(`${pod}  containers:\n    - name: c\n      image: registry.example/x:1\n      ports: [{containerPort: 9100, hostPort: 9100}]\n`, 'MLK111');
    assert.deepEqual(hostPort('  hostNetwork: true\n'), []);
    assert.equal(hostPort('').length, 1);
  });

  it('MLK405: Triton is told about its Python-backend stubs and shared-memory clients, not DataLoader workers', () => {
    const shm = (image: string, args: string) => messages(`  containers:\n    - name: c\n      image: ${image}\n      args: ${args}\n      resources: {limits: {nvidia.com/gpu: 1}}\n`, 'MLK405');
    assert.deepEqual(shm('nvcr.io/nvidia/tritonserver:24.05-py3', '[tritonserver, --model-repository=/models]'), [
      'container "c" gets the default 64 MB /dev/shm, which breaks Triton\'s Python-backend models (their stub processes exchange tensors with the server through /dev/shm) and its system shared-memory clients; mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm.',
    ]);
    assert.match(shm('registry.example/serve:1', '[/opt/tritonserver/bin/tritonserver, --model-store=/mnt/models]')[0] ?? '', /breaks Triton's Python-backend models/);
    assert.match(shm('pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime', '[python3, train.py]')[0] ?? '', /breaks DataLoader workers \(they pass batches through \/dev\/shm\);/);
  });

  it('MLK405: a KServe model on the Triton runtime gets the Triton reason', () => {
    const isvc = (predictor: string) =>
      lintManifest(`apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: m}\nspec:\n  predictor:\n${predictor}`).findings.filter((f) => f.ruleId === 'MLK405').map((f) => f.message);
    assert.match(isvc('    triton:\n      storageUri: gs://b/m\n      resources: {limits: {nvidia.com/gpu: 1}}\n')[0] ?? '', /breaks Triton's Python-backend models/);
    assert.match(isvc('    model:\n      modelFormat: {name: tensorrt}\n      storageUri: gs://b/m\n      resources: {limits: {nvidia.com/gpu: 1}}\n')[0] ?? '', /breaks Triton's Python-backend models/);
    assert.match(isvc('    pytorch:\n      storageUri: gs://b/m\n      resources: {limits: {nvidia.com/gpu: 1}}\n')[0] ?? '', /breaks DataLoader workers/);
  });

  it('MLK416: a vector database probed on a port it opens at start loads no weights; a model server with that probe still restart-loops', () => {
    const probe = '{tcpSocket: {port: metrics}, initialDelaySeconds: 90, periodSeconds: 30, failureThreshold: 5}';
    const liveness = (image: string, live = probe) =>
      messages(`  containers:\n    - name: c\n      image: ${image}\n      ports: [{name: metrics, containerPort: 9091}]\n      livenessProbe: ${live}\n      resources: {limits: {nvidia.com/gpu: 1}}\n`, 'MLK416');
    assert.deepEqual(liveness('milvusdb/milvus:v2.4.5-gpu'), []);
    assert.deepEqual(liveness('milvusdb/milvus:v2.4.5-gpu', '{httpGet: {path: /healthz, port: metrics}, initialDelaySeconds: 90}'), []);
    assert.deepEqual(liveness('vllm/vllm-openai:v0.6.3'), [
      'container "c" is killed if it is not live within 240s, less than the 300s model-load budget, so it restart-loops while loading weights; add a startupProbe with failureThreshold × periodSeconds ≥ 300.',
    ]);
    assert.deepEqual(liveness('milvusdb/milvus:v2.4.5-gpu', '{exec: {command: [/bin/check]}, initialDelaySeconds: 90}'), [
      'container "c" is killed if it is not live within 120s, less than the 300s model-load budget, so it restart-loops while loading its segments and indexes; add a startupProbe with failureThreshold × periodSeconds ≥ 300.',
    ]);
  });

  it('MLK104: the model cache is named only for containers that download a model', () => {
    const writable = (image: string, args = '[]') => messages(`  containers:\n    - name: c\n      image: ${image}\n      args: ${args}\n      resources: {limits: {nvidia.com/gpu: 1}}\n`, 'MLK104');
    const generic = ['container "c" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at the paths it writes (e.g. /tmp).'];
    assert.deepEqual(writable('registry.k8s.io/pause:3.9'), generic);
    assert.deepEqual(writable('nvcr.io/nvidia/tritonserver:24.05-py3', '[tritonserver, --model-repository=/models]'), generic);
    assert.deepEqual(writable('milvusdb/milvus:v2.4.5-gpu', '[/milvus/tools/run-helm.sh, milvus, run, querynode]'), generic);
    assert.deepEqual(writable('vllm/vllm-openai:v0.6.3', '[--model, Qwen/Qwen2.5-7B-Instruct]'), [
      'container "c" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at /tmp and the model cache (e.g. /root/.cache/huggingface).',
    ]);
  });

  it('MLK105: NET_ADMIN used only to drop egress with iptables is told to use a NetworkPolicy egress rule', () => {
    const netAdmin = (command: string) =>
      messages(`  initContainers:\n    - name: block-cloud-metadata\n      image: quay.io/jupyterhub/k8s-network-tools:3.3.8\n      command: ${command}\n      securityContext: {capabilities: {add: [NET_ADMIN]}}\n  containers:\n    - name: c\n      image: registry.example/x:1\n`, 'MLK105');
    assert.deepEqual(netAdmin('[iptables, --append, OUTPUT, --protocol, tcp, --destination, 169.254.169.254, --destination-port, "80", --jump, DROP]'), [
      'init container "block-cloud-metadata" adds the NET_ADMIN capability, which it uses only for iptables rules that drop the pod\'s egress to 169.254.169.254 but which would let it rewrite all of the pod\'s network setup; remove it and block that egress with a NetworkPolicy egress rule instead (an ipBlock 0.0.0.0/0 with except: [169.254.169.254/32]).',
    ]);
    assert.match(netAdmin('[sh, -c, "iptables -A OUTPUT -d 169.254.169.254 -j REJECT && iptables -I OUTPUT -d 100.100.100.200 -j DROP"]')[0] ?? '', /egress to 169\.254\.169\.254, 100\.100\.100\.200 .*except: \[169\.254\.169\.254\/32, 100\.100\.100\.200\/32\]\)\.$/);
    // Redirection, or dropping ingress, is not egress blocking.
    assert.match(netAdmin('[iptables, -t, nat, -A, OUTPUT, -p, tcp, -j, REDIRECT, --to-ports, "15001"]')[0] ?? '', /move traffic redirection into a CNI plugin/);
    assert.match(netAdmin('[iptables, -A, INPUT, -s, 10.0.0.1, -j, DROP]')[0] ?? '', /move traffic redirection into a CNI plugin/);
    assert.match(netAdmin('[sh, -c, "iptables -A OUTPUT -d 169.254.169.254 -j DROP && ip route add default via 10.0.0.1"]')[0] ?? '', /move traffic redirection into a CNI plugin/);
  });
});
