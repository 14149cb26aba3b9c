import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

/** The MLX findings on the tree, as `path:line:rule`. */
function lintTree(tree: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-s25h-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    return lintWorkspace(files, { config, fs: fsWorkspaceView(dir) })
      .findings.filter((f) => f.ruleId.startsWith('MLX'))
      .map((f) => `${f.path}:${f.range.start.line}:${f.ruleId}`)
      .sort();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A plain Redis Deployment and Service: the namespace holds workloads and Services in scope (trap T22's guard passes). */
const redis = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: redis, namespace: ${namespace}}
spec:
  selector:
    matchLabels: {app: redis}
  template:
    metadata:
      labels: {app: redis}
    spec:
      serviceAccountName: redis
      containers:
      - name: redis
        image: redis:7
        envFrom:
        - configMapRef: {name: redis-config}
---
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: ${namespace}, labels: {app: redis}}
spec:
  selector: {app: redis}
  ports: [{port: 6379}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: redis, namespace: ${namespace}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: redis-config, namespace: ${namespace}}
data: {maxmemory: 1gb}
`;

describe('cross-file rules: objects Knative Serving and rendered Helm charts make (s25h sweep)', () => {
  describe('Knative Serving labels its pods and Services serving.knative.dev/service', () => {
    const ksvc = `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: sentiment, namespace: ml}
spec:
  template:
    metadata:
      labels: {app: sentiment}
    spec:
      containers:
      - image: ghcr.io/example/sentiment:1
        ports: [{containerPort: 8080}]
`;
    const selectors = (key: string, value: string) => `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: sentiment, namespace: ml}
spec:
  selector:
    matchLabels: {${key}: ${value}}
  endpoints: [{port: http-usermetric}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: sentiment, namespace: ml}
spec:
  podSelector:
    matchLabels: {${key}: ${value}}
  ingress:
  - from:
    - podSelector:
        matchLabels: {app: redis}
---
apiVersion: v1
kind: Service
metadata: {name: sentiment-tailscale, namespace: ml}
spec:
  type: LoadBalancer
  selector: {${key}: ${value}}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

    it('a ServiceMonitor, a NetworkPolicy and a Service selecting a Knative Service\'s pods by serving.knative.dev/service are silent', () => {
      assert.deepEqual(lintTree({ 'ksvc.yaml': ksvc, 'redis.yaml': redis('ml'), 'selectors.yaml': selectors('serving.knative.dev/service', 'sentiment') }), []);
    });

    it('near miss: the same selectors on a label nothing carries are still reported', () => {
      assert.deepEqual(lintTree({ 'ksvc.yaml': ksvc, 'redis.yaml': redis('ml'), 'selectors.yaml': selectors('app', 'sentimnt') }), [
        'selectors.yaml:13:MLX016',
        'selectors.yaml:25:MLX006',
        'selectors.yaml:5:MLX017',
      ]);
    });
  });

  describe('a chart a Flux HelmRelease or an Argo CD Application renders into the namespace makes its own objects', () => {
    const helmRelease = (namespace: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: ollama, namespace: ${namespace}}
spec:
  interval: 1h
  chart:
    spec:
      chart: ollama
      sourceRef: {kind: HelmRepository, name: otwld, namespace: flux-system}
`;
    const references = (name: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ollama, namespace: ai}
spec:
  rules:
  - host: ollama.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${name}
            port: {number: 11434}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: ollama, namespace: ai}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
  endpoints: [{port: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ollama, namespace: ai}
spec:
  podSelector:
    matchLabels: {app.kubernetes.io/instance: ${name}}
---
apiVersion: v1
kind: Service
metadata: {name: ollama-lb, namespace: ai}
spec:
  type: LoadBalancer
  selector: {app.kubernetes.io/name: ${name}}
  ports: [{port: 11434}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: webui, namespace: ai}
spec:
  selector:
    matchLabels: {app: webui}
  template:
    metadata:
      labels: {app: webui}
    spec:
      serviceAccountName: ${name}
      containers:
      - name: webui
        image: ghcr.io/open-webui/open-webui:main
        env:
        - name: OLLAMA_BASE_URL
          valueFrom:
            configMapKeyRef: {name: ${name}, key: url}
`;
    it('Flux: references to the release\'s Service, ServiceAccount, ConfigMap and labels are silent', () => {
      assert.deepEqual(lintTree({ 'helmrelease.yaml': helmRelease('ai'), 'redis.yaml': redis('ai'), 'refs.yaml': references('ollama') }), []);
    });

    it('near miss: a release rendered into another namespace does not hide them', () => {
      assert.deepEqual(lintTree({ 'helmrelease.yaml': helmRelease('llm'), 'redis.yaml': redis('ai'), 'refs.yaml': references('ollama') }), [
        'refs.yaml:13:MLX008',
        'refs.yaml:20:MLX017',
        'refs.yaml:28:MLX016',
        'refs.yaml:36:MLX006',
        'refs.yaml:49:MLX015',
        'refs.yaml:56:MLX014',
      ]);
    });

    it('near miss: names no chart in the namespace is made of are still reported', () => {
      assert.equal(lintTree({ 'helmrelease.yaml': helmRelease('ai'), 'redis.yaml': redis('ai'), 'refs.yaml': references('chatbot') }).length, 6);
    });

    it('Argo CD: a multi-source Application (a chart and a path of plain manifests) makes the Service its plain Ingress names', () => {
      const application = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: karakeep, namespace: argocd}
spec:
  project: default
  sources:
    - chart: karakeep
      repoURL: https://charts.example.com
      targetRevision: 0.0.1
      helm:
        releaseName: karakeep-chart
    - repoURL: https://git.example.com/gitops.git
      path: apps/karakeep/manifests
  destination:
    server: https://kubernetes.default.svc
    namespace: karakeep
`;
      const ingress = (service: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: karakeep, namespace: karakeep}
spec:
  rules:
    - host: karakeep.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${service}
                port: {number: 3000}
`;
      const tree = (service: string) => ({ 'application.yaml': application, 'manifests/redis.yaml': redis('karakeep'), 'manifests/ingress.yaml': ingress(service) });
      assert.deepEqual(lintTree(tree('karakeep')), []);
      assert.deepEqual(lintTree(tree('bookmarks')), ['manifests/ingress.yaml:13:MLX008']);
    });
  });
});
