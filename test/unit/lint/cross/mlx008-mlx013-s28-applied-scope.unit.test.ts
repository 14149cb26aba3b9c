import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

interface Found {
  at: string[];
  messages: string[];
  fixes: string[];
}

/** The findings of one rule on a tree of files written to a temporary folder: where, what they say, what their fixes write. */
function lintTree(tree: Record<string, string>, ruleId: string): Found {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applied-scope-s28-services-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
    assert.deepEqual(result.problems, []);
    const found = result.findings.filter((f) => f.ruleId === ruleId);
    return {
      at: found.map((f) => `${f.path}:${f.range.start.line}`).sort(),
      messages: found.map((f) => f.message),
      fixes: found.flatMap((f) => f.fix?.edits.map((e) => e.newText) ?? []),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const service = (name: string, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${extra}spec:
  selector: {app: ${name}}
  ports:
  - {name: http, port: 80}
`;

const headless = (name: string) => service(name).replace('spec:\n', 'spec:\n  clusterIP: None\n');

const ingress = (backend: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${backend}
            port: {number: 80}
`;

const httpRoute = (backend: string, namespace: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  rules:
  - backendRefs:
    - {name: ${backend}, namespace: ${namespace}, port: 80}
`;

const statefulSet = (serviceName: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: shard
spec:
  serviceName: ${serviceName}
  selector:
    matchLabels: {app: shard}
  template:
    metadata:
      labels: {app: shard}
    spec:
      containers:
      - name: shard
        image: ghcr.io/example/shard:1
`;

describe('MLX008 and MLX013 count only Services applied with the referrer as evidence (s28)', () => {
  describe('MLX008: Services applied with the Ingress or route', () => {
    it("stays silent when the only Services of the namespace are another example folder's", () => {
      assert.deepEqual(lintTree({ 'ingress-example/ingress.yaml': ingress('made-by-a-chart'), 'vllm-example/service.yaml': service('vllm') }, 'MLX008').at, []);
    });

    it("does not propose another example's Service as the name the backend meant", () => {
      const found = lintTree({ 'app-a/ingress.yaml': ingress('embeder'), 'app-a/api.yaml': service('api'), 'app-b/embedder.yaml': service('embedder') }, 'MLX008');
      assert.deepEqual(found.at, ['app-a/ingress.yaml:13']);
      assert.match(found.messages[0] ?? '', /point the backend at an existing Service/);
      assert.deepEqual(found.fixes, []);
    });

    it("looks in the namespace a route's backendRef names only among the manifests applied with the route", () => {
      assert.deepEqual(lintTree({ 'gateway/route.yaml': httpRoute('vlm', 'models'), 'other-example/service.yaml': service('vllm', '  namespace: models\n') }, 'MLX008').at, []);
    });

    it('still flags a backend when the Services applied with it are in its folder tree, and proposes one of them', () => {
      const found = lintTree({ 'k8s/ingress.yaml': ingress('embeddr'), 'k8s/embedder/service.yaml': service('embedder'), 'elsewhere/service.yaml': service('embedded') }, 'MLX008');
      assert.deepEqual(found.at, ['k8s/ingress.yaml:13']);
      assert.deepEqual(found.fixes, ['embedder']);
    });

    it("still flags a backend when a kustomize build applies the base's Services with the overlay's Ingress", () => {
      const found = lintTree(
        {
          'base/kustomization.yaml': 'resources: [service.yaml]\n',
          'base/service.yaml': service('server'),
          'prod/kustomization.yaml': 'resources: [../base, ingress.yaml]\n',
          'prod/ingress.yaml': ingress('sever'),
        },
        'MLX008',
      );
      assert.deepEqual(found.at, ['prod/ingress.yaml:13']);
      assert.deepEqual(found.fixes, ['server']);
    });
  });

  describe('MLX013: Services applied with the StatefulSet', () => {
    it("stays silent when the only Services of the namespace are another example folder's", () => {
      assert.deepEqual(lintTree({ 'db-example/statefulset.yaml': statefulSet('shard-peers'), 'web-example/service.yaml': service('web') }, 'MLX013').at, []);
    });

    it("does not call another example's namesake Service the StatefulSet's Service that is not headless", () => {
      assert.deepEqual(lintTree({ 'sharded/statefulset.yaml': statefulSet('vllm'), 'vllm-example/service.yaml': service('vllm') }, 'MLX013').at, []);
    });

    it('still flags a serviceName missing from the Services of its folder tree', () => {
      const found = lintTree({ 'k8s/services.yaml': service('api'), 'k8s/db/statefulset.yaml': statefulSet('shard-peers') }, 'MLX013');
      assert.deepEqual(found.at, ['k8s/db/statefulset.yaml:6']);
      assert.match(found.messages[0] ?? '', /add a headless Service/);
    });

    it('still flags a Service applied with it that is not headless, and accepts a headless one', () => {
      assert.deepEqual(lintTree({ 'app/statefulset.yaml': statefulSet('peers'), 'app/service.yaml': service('peers') }, 'MLX013').at, ['app/statefulset.yaml:6']);
      assert.deepEqual(lintTree({ 'app/statefulset.yaml': statefulSet('peers'), 'app/service.yaml': headless('peers') }, 'MLX013').at, []);
    });

    it("still flags a serviceName missing from a kustomize build that applies the base's Services", () => {
      const found = lintTree(
        {
          'base/kustomization.yaml': 'resources: [service.yaml]\n',
          'base/service.yaml': service('api'),
          'prod/kustomization.yaml': 'resources: [../base, statefulset.yaml]\n',
          'prod/statefulset.yaml': statefulSet('shard-peers'),
        },
        'MLX013',
      );
      assert.deepEqual(found.at, ['prod/statefulset.yaml:6']);
    });
  });
});
