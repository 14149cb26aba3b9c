import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas } from './support';

/** Messages of `id` for a manifest, validated against the bundled schemas (for MLK002). */
function messagesOf(text: string, id: string, configText?: string): string[] {
  const parsed = configText !== undefined ? parseMlcConfig(configText) : undefined;
  const config = parsed?.ok ? { config: parsed.config } : {};
  return lintManifest(text, { schemas: fixtureSchemas(), ...config }).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

/** Messages of `id` for a Pod with the given spec lines (indented by two spaces under `spec:`). */
function messages(spec: string, id: string): string[] {
  return messagesOf(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`, id);
}

/** One container `c` with the image and extra container lines (indented by six spaces), and the pod's volumes. */
function pod(image: string, container: string, podVolumes = ''): string {
  return `  containers:\n    - name: c\n      image: ${image}\n${container}${podVolumes}`;
}

/** A workload of `kind` with `replicas`, whose pod spec holds the given lines (indented by six spaces under `spec:`). */
function workload(kind: string, replicas: number, spec: string): string {
  const serviceName = kind === 'StatefulSet' ? '  serviceName: w\n' : '';
  return `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: w}\nspec:\n${serviceName}  replicas: ${replicas}\n  selector:\n    matchLabels: {app: w}\n  template:\n    metadata:\n      labels: {app: w}\n    spec:\n${spec}`;
}

describe('round 4 leftovers of the sweep of public manifests', () => {
  describe('MLK002 and MLK003 name the successor of a removed kind', () => {
    const deviceClass = 'kind: ResourceClass was removed in Kubernetes 1.31; use a DeviceClass (resource.k8s.io/v1) instead, which selects devices with CEL selectors rather than naming a driver.';
    const podSecurity = 'use Pod Security admission instead: label each namespace with pod-security.kubernetes.io/enforce (privileged, baseline or restricted)';
    const object = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`;

    it('ResourceClass became DeviceClass, not ResourceClaim', () => {
      assert.deepEqual(messagesOf(`${object('resource.k8s.io/v1alpha3', 'ResourceClass')}driverName: gpu.example.com\n`, 'MLK002'), [deviceClass]);
      assert.deepEqual(messagesOf(`${object('resource.k8s.io/v1alpha2', 'ResourceClass')}driverName: gpu.example.com\n`, 'MLK002'), [deviceClass]);
    });

    it('a typo of a kind still gets its hint', () => {
      assert.deepEqual(messagesOf(`${object('resource.k8s.io/v1', 'ResourceClaimTemplat')}spec: {}\n`, 'MLK002'), ['kind: Unknown kind "ResourceClaimTemplat" for resource.k8s.io/v1. Did you mean "ResourceClaimTemplate"?']);
    });

    it('PodSecurityPolicy gave way to Pod Security admission', () => {
      assert.deepEqual(messagesOf(`${object('policy/v1', 'PodSecurityPolicy')}spec: {}\n`, 'MLK002'), [`kind: PodSecurityPolicy was removed in Kubernetes 1.25; ${podSecurity}.`]);
      const beta = `${object('policy/v1beta1', 'PodSecurityPolicy')}spec: {}\n`;
      assert.deepEqual(messagesOf(beta, 'MLK003'), [`PodSecurityPolicy policy/v1beta1 was removed in Kubernetes 1.25, so the API server rejects it at 1.34; ${podSecurity}.`]);
      assert.deepEqual(messagesOf(beta, 'MLK002'), [], 'MLK003 reports it on its apiVersion');
    });

    it('extensions/v1beta1 PodSecurityPolicy moves to policy/v1beta1 only while that is served', () => {
      const extensions = `${object('extensions/v1beta1', 'PodSecurityPolicy')}spec: {}\n`;
      assert.deepEqual(messagesOf(extensions, 'MLK003'), [`PodSecurityPolicy extensions/v1beta1 was removed in Kubernetes 1.16, so the API server rejects it at 1.34; ${podSecurity}.`]);
      assert.deepEqual(messagesOf(extensions, 'MLK003', 'rules:\n  MLK003: { options: { kubernetesVersion: "1.20" } }\n'), [
        'PodSecurityPolicy extensions/v1beta1 was removed in Kubernetes 1.16, so the API server rejects it at 1.20; use policy/v1beta1.',
      ]);
    });
  });

  describe("MLK104 and MLK304 know LocalAI's models directory", () => {
    const writable = 'container "c" has a writable root filesystem; set readOnlyRootFilesystem: true and';
    const gpu = '      resources: {limits: {nvidia.com/gpu: 1}}\n';

    it('/models since 3.1, /build/models before', () => {
      assert.deepEqual(messages(pod('localai/localai:v3.5.0-gpu-nvidia-cuda-12', gpu), 'MLK104'), [`${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /models).`]);
      assert.deepEqual(messages(pod('quay.io/go-skynet/local-ai:v2.26.0-cublas-cuda12', gpu), 'MLK104'), [`${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /build/models).`]);
    });

    it('LOCALAI_MODELS_PATH, else MODELS_PATH, moves it', () => {
      const env = (vars: string) => `      env: [${vars}]\n${gpu}`;
      assert.deepEqual(messages(pod('localai/localai:latest-gpu-nvidia-cuda-12', env('{name: MODELS_PATH, value: /data/models/}')), 'MLK104'), [`${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /data/models).`]);
      const both = env('{name: MODELS_PATH, value: /data/models}, {name: LOCALAI_MODELS_PATH, value: /srv/models}');
      assert.deepEqual(messages(pod('localai/localai:latest-gpu-nvidia-cuda-12', both), 'MLK104'), [`${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /srv/models).`]);
    });

    it('a persistent volume there is its model cache', () => {
      const models = '  volumes:\n    - {name: models, persistentVolumeClaim: {claimName: models}}\n';
      const mounted = `${gpu}      volumeMounts: [{name: models, mountPath: /models}]\n`;
      assert.deepEqual(messages(pod('localai/localai:v3.5.0-gpu-nvidia-cuda-12', mounted, models), 'MLK104'), [`${writable} mount an emptyDir volume at /tmp (its model cache already has a volume).`]);
      assert.deepEqual(messages(pod('localai/localai:v3.5.0-gpu-nvidia-cuda-12', mounted, models), 'MLK304'), []);
      assert.equal(messages(pod('localai/localai:v3.5.0-gpu-nvidia-cuda-12', gpu), 'MLK304').length, 1);
    });
  });

  describe('MLK415 gives Ollama, which loads models on request, its own reason', () => {
    const gpu = '      ports: [{containerPort: 11434}]\n      resources: {limits: {nvidia.com/gpu: 1}}\n';

    it('the probe waits for the server, not the weights', () => {
      assert.deepEqual(messages(pod('ollama/ollama:0.5.7', gpu), 'MLK415'), [
        'container "c" serves a model but has no readinessProbe, so the Service sends it requests before Ollama\'s server answers, and goes on sending them if it hangs (Ollama loads a model only at the first request for it, so no probe can wait for the weights); add an HTTP readiness probe on /.',
      ]);
    });

    it('servers that load their model at start keep the weights reason', () => {
      assert.match(messages(pod('vllm/vllm-openai:v0.6.3', '      resources: {limits: {nvidia.com/gpu: 1}}\n'), 'MLK415')[0] ?? '', /so traffic reaches pods still loading weights; add an HTTP readiness probe on \/health\.$/);
    });
  });

  describe('MLK306 advises replication, not replicas, for a single-primary database', () => {
    const containers = (...lines: string[]) => `      containers:\n${lines.join('')}`;
    const container = (name: string, image: string, extra = '') => `        - name: ${name}\n          image: ${image}\n${extra}`;
    const generic = (kind: string) => `This ${kind} runs 1 replica, so a node drain or crash takes it down; run at least 2 (or let an HPA manage it).`;

    it('PostgreSQL, MySQL, MariaDB, MongoDB and Redis keep one primary', () => {
      assert.deepEqual(messagesOf(workload('StatefulSet', 1, containers(container('db', 'postgres:16.4'))), 'MLK306'), [
        'This StatefulSet runs 1 replica of PostgreSQL, so a node drain or crash takes it down; raising replicas would not copy its data (each pod would start a separate database), so for high availability set up streaming replication with failover (Patroni, or an operator such as CloudNativePG).',
      ]);
      assert.match(messagesOf(workload('StatefulSet', 1, containers(container('db', 'mysql:8.4'))), 'MLK306')[0] ?? '', /1 replica of MySQL, .* set up replication with failover \(InnoDB Cluster, through the MySQL Operator\)\.$/);
      assert.match(messagesOf(workload('StatefulSet', 1, containers(container('db', 'bitnami/mariadb:11.4'))), 'MLK306')[0] ?? '', /1 replica of MariaDB, .* set up replication with failover or a Galera cluster \(the MariaDB Operator\)\.$/);
      assert.match(messagesOf(workload('StatefulSet', 1, containers(container('db', 'mongo:7.0'))), 'MLK306')[0] ?? '', /1 replica of MongoDB, .* a replica set of three members/);
      assert.match(messagesOf(workload('Deployment', 1, containers(container('cache', 'redis:7.2'))), 'MLK306')[0] ?? '', /This Deployment runs 1 replica of Redis, .* replicas watched by Sentinel, or a Redis Cluster\.$/);
    });

    it('a database already replicating, or one that is not the main container, keeps the general advice', () => {
      const replSet = container('db', 'mongo:7.0', '          args: ["--replSet=rs0", "--bind_ip_all"]\n');
      assert.deepEqual(messagesOf(workload('StatefulSet', 1, containers(replSet)), 'MLK306'), [generic('StatefulSet')]);
      const sentinel = container('sentinel', 'bitnami/redis-sentinel:7.2');
      assert.deepEqual(messagesOf(workload('StatefulSet', 1, containers(container('redis', 'bitnami/redis:7.2'), sentinel)), 'MLK306'), [generic('StatefulSet')]);
      const sidecar = containers(container('api', 'registry.example/api:1'), container('cache', 'redis:7.2'));
      assert.deepEqual(messagesOf(workload('Deployment', 1, sidecar), 'MLK306'), [generic('Deployment')]);
      const waits = `      initContainers:\n${container('wait', 'postgres:16.4', '          command: [pg_isready, -h, db]\n')}${containers(container('api', 'registry.example/api:1'))}`;
      assert.deepEqual(messagesOf(workload('Deployment', 1, waits), 'MLK306'), [generic('Deployment')]);
    });
  });
});
