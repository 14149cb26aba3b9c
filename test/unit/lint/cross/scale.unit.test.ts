import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import type { WorkspaceFile } from '../../../../src/core/lint/cross/types';

const perKind = 2500;
const filesPerKind = 25;

function deployment(i: number): string {
  const account = i % 10 === 0 ? `ghost${i}` : `sa${i}`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w${i}\n  namespace: ml\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: w${i}\n  template:\n    metadata:\n      labels:\n        app: w${i}\n    spec:\n      serviceAccountName: ${account}\n      containers:\n        - name: main\n          image: registry.example/w${i}:1\n          ports:\n            - containerPort: 8000\n          resources:\n            requests:\n              cpu: 100m\n`;
}

function service(i: number): string {
  const app = i % 5 === 0 ? `nope${i}` : `w${i}`;
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: ml\nspec:\n  selector:\n    app: ${app}\n  ports:\n    - port: 80\n      targetPort: 8000\n`;
}

function serviceAccount(i: number): string {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa${i}\n  namespace: ml\n`;
}

function hpa(i: number): string {
  const target = i % 4 === 0 ? `gone${i}` : `w${i}`;
  return `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h${i}\n  namespace: ml\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${target}\n  minReplicas: 2\n  maxReplicas: 4\n`;
}

/** 10,000 resources in 100 files: Deployments, Services, ServiceAccounts and HPAs that refer to each other. */
function generatedWorkspace(): WorkspaceFile[] {
  const files: WorkspaceFile[] = [];
  for (const [name, render] of [['deployments', deployment], ['services', service], ['accounts', serviceAccount], ['hpas', hpa]] as const) {
    const perFile = perKind / filesPerKind;
    for (let f = 0; f < filesPerKind; f++) {
      const docs = Array.from({ length: perFile }, (_, k) => render(f * perFile + k));
      files.push({ path: `k8s/${name}-${String(f).padStart(2, '0')}.yaml`, kind: 'kubernetes', text: docs.join('---\n') });
    }
  }
  return files;
}

describe('cross-file pass at scale (10,000 resources)', () => {
  it('finds exactly the dangling references that were generated, and nothing else', () => {
    const result = lintWorkspace(generatedWorkspace(), { config: emptyConfig() });
    assert.deepEqual(result.problems, []);
    const byRule = new Map<string, string[]>();
    for (const f of result.findings) {
      byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f.message]);
    }
    // MLX010 (an HPA target that sets replicas) fires for every resolved HPA: 2,500 minus the 625 dangling ones.
    assert.deepEqual([...byRule.keys()].sort(), ['MLX006', 'MLX009', 'MLX010', 'MLX015']);
    assert.equal(byRule.get('MLX006')?.length, perKind / 5);
    assert.equal(byRule.get('MLX009')?.length, perKind / 4);
    assert.equal(byRule.get('MLX010')?.length, perKind - perKind / 4);
    assert.equal(byRule.get('MLX015')?.length, perKind / 10);
    assert.ok(byRule.get('MLX006')?.some((m) => m.includes('app=nope2495')), 'the last dangling Service is reported');
    assert.ok(byRule.get('MLX015')?.some((m) => m.includes('"ghost2490"')), 'the last missing ServiceAccount is reported');
    const danglingServices = result.findings.filter((f) => f.ruleId === 'MLX006').map((f) => f.path);
    assert.ok(danglingServices.every((p) => p.startsWith('k8s/services-')));
  });
});
