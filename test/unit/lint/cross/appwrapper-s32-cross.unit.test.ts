import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../../src/core/lint/config';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';

/** A Deployment an AppWrapper in team-a wraps (its manifest names no namespace). */
const appWrapper = `apiVersion: workload.codeflare.dev/v1beta2
kind: AppWrapper
metadata:
  name: web
  namespace: team-a
spec:
  components:
  - template:
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: nginx:1.27
              ports:
              - containerPort: 8080
              resources:
                requests: {cpu: 100m}
`;

/** Another workload, so that the namespace has pods in scope. */
const other = (namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: other
  namespace: ${namespace}
spec:
  selector:
    matchLabels: {app: other}
  template:
    metadata:
      labels: {app: other}
    spec:
      containers:
      - name: other
        image: nginx:1.27
`;

const service = (namespace: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${namespace}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
`;

const hpa = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: team-a
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}
`;

function crossFindings(...texts: string[]): string[] {
  const files = texts.map((text, i) => ({ path: `k8s/${i}.yaml`, kind: 'kubernetes' as const, text }));
  return lintWorkspace(files).findings.filter((f) => f.ruleId.startsWith('MLX')).map((f) => `${f.path}:${f.ruleId}`);
}

describe('AppWrapper components in the cross-file rules: the objects its controller creates, in its namespace', () => {
  it('a Service selects the pods of a wrapped Deployment, and an HPA finds it as its target (MLX006, MLX009)', () => {
    assert.deepEqual(crossFindings(appWrapper, other('team-a'), service('team-a'), hpa), []);
  });

  it('the component is in the AppWrapper’s namespace only', () => {
    assert.deepEqual(crossFindings(appWrapper, other('team-b'), service('team-b')), ['k8s/2.yaml:MLX006']);
  });

  it('a wrapped container’s image is mapped to its Dockerfile like any other (MLX005)', () => {
    const nonRoot = appWrapper.replace('          spec:\n            containers:\n', '          spec:\n            securityContext: {runAsNonRoot: true}\n            containers:\n');
    const parsed = parseMlcConfig('images:\n  nginx: web/Dockerfile\n');
    assert.ok(parsed.ok);
    const files = [
      { path: 'k8s/aw.yaml', kind: 'kubernetes' as const, text: nonRoot },
      { path: 'web/Dockerfile', kind: 'dockerfile' as const, text: 'FROM nginx:1.27\n' },
    ];
    const found = lintWorkspace(files, { config: parsed.config }).findings.filter((f) => f.ruleId === 'MLX005');
    assert.deepEqual(found.map((f) => `${f.path}:${f.range.start.line}`), [`k8s/aw.yaml:${nonRoot.split('\n').indexOf('            - name: web') + 1}`]);
  });
});
