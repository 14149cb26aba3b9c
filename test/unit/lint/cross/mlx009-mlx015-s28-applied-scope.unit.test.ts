import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appliedAsOneSet, manifestsAppliedTogether } from '../../../../src/core/lint/cross/applied-together';
import { kindAppliedTogether, objectsAppliedAsOneSet } from '../../../../src/core/lint/cross/kind-applied-with';
import { objectsOfKind } from '../../../../src/core/lint/cross/kube';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import type { WorkspaceModel } from '../../../../src/core/lint/cross/model';
import { crossRules } from '../../../../src/core/lint/rules/cross';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { loadWorkspace } from './support';

/** Writes a tree of files to a temporary folder, lints it (with `rules`, else all) and removes it. */
function withTree<T>(tree: Record<string, string>, rules: typeof crossRules | undefined, read: (result: ReturnType<typeof lintWorkspace>) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'applied-scope-s28-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const { files, config } = loadWorkspace(dir);
    const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir), ...(rules ? { rules } : {}) });
    assert.deepEqual(result.problems, []);
    return read(result);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings of one rule on a tree of files, as `path:line`, with their messages. */
function lintTree(tree: Record<string, string>, ruleId: string): { at: string[]; messages: string[] } {
  return withTree(tree, undefined, (result) => {
    const found = result.findings.filter((f) => f.ruleId === ruleId);
    return { at: found.map((f) => `${f.path}:${f.range.start.line}`).sort(), messages: found.map((f) => f.message) };
  });
}

/** The workspace model of a tree of files, handed to `read` while its files exist. */
function withModel(tree: Record<string, string>, read: (ws: WorkspaceModel) => void): void {
  const meta = crossRules[0]?.meta;
  assert.ok(meta);
  withTree(tree, [{ meta, check: (ws) => (read(ws), []) }], () => undefined);
}

const deployment = (name: string, account?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${account !== undefined ? `      serviceAccountName: ${account}\n` : ''}      containers:
      - name: server
        image: ghcr.io/example/${name}:1
`;

const hpa = (target: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  maxReplicas: 3
`;

const serviceAccount = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`;

const kustomization = (resources: string[], extra = '') => `${extra}resources: [${resources.join(', ')}]\n`;

describe('MLX009 and MLX015 count only objects applied with the referrer as evidence (s28)', () => {
  describe('MLX009: workloads applied as one set with the autoscaler', () => {
    it("stays silent when the only Deployments are another example folder's (triton's K8s-onprem-MIG HPA in an examples tree)", () => {
      assert.deepEqual(lintTree({ 'app-a/hpa.yaml': hpa('triton-from-helm'), 'app-b/deployment.yaml': deployment('unrelated') }, 'MLX009').at, []);
    });

    it("lists only the HPA's own folder's workloads as found, not those of a sibling folder", () => {
      const seen = lintTree({ 'mig/hpa.yaml': hpa('tensorrt-inference-server'), 'mig/flower.yaml': deployment('flower'), 'vllm/deployment.yaml': deployment('vllm-gemma-deployment') }, 'MLX009');
      assert.deepEqual(seen.at, ['mig/hpa.yaml:6']);
      assert.match(seen.messages[0] ?? '', /\(found: flower\); point it at the workload to scale\.$/);
    });

    it('counts the workloads of a kustomize base the overlay builds with the HPA, and lists them', () => {
      const seen = lintTree(
        { 'base/kustomization.yaml': kustomization(['deployment.yaml']), 'base/deployment.yaml': deployment('embedder'), 'prod/kustomization.yaml': kustomization(['../base', 'hpa.yaml'], 'namespace: rag\n'), 'prod/hpa.yaml': hpa('embeder') },
        'MLX009',
      );
      assert.deepEqual(seen.at, ['prod/hpa.yaml:6']);
      assert.match(seen.messages[0] ?? '', /\(found: embedder\)/);
    });

    it("does not count a folder below the HPA's: an examples tree applies each guide on its own", () => {
      assert.deepEqual(lintTree({ 'hpa.yaml': hpa('quickstart'), 'guides/lora/deployment.yaml': deployment('lora-server') }, 'MLX009').at, []);
    });

    it('still resolves a target by name anywhere in the namespace (no finding when an unrelated folder holds it)', () => {
      assert.deepEqual(lintTree({ 'mig/hpa.yaml': hpa('vllm'), 'mig/flower.yaml': deployment('flower'), 'vllm/deployment.yaml': deployment('vllm') }, 'MLX009').at, []);
    });
  });

  describe('MLX015: ServiceAccounts applied with the pod', () => {
    it("stays silent when the only ServiceAccount is another example folder's (caikit-tgis-serving's tgis-isvc beside ROCm's)", () => {
      assert.deepEqual(lintTree({ 'tgis/pod.yaml': deployment('tgis', 'sa'), 'device-plugin/serviceaccount.yaml': serviceAccount('amd-gpu') }, 'MLX015').at, []);
    });

    it('counts a ServiceAccount of a kustomize base in a sibling folder that the overlay builds with the pod', () => {
      const seen = lintTree(
        { 'base/kustomization.yaml': kustomization(['serviceaccount.yaml']), 'base/serviceaccount.yaml': serviceAccount('runner'), 'prod/kustomization.yaml': kustomization(['../base', 'deployment.yaml'], 'namespace: ml\n'), 'prod/deployment.yaml': deployment('trainer', 'runer') },
        'MLX015',
      );
      assert.deepEqual(seen.at, ['prod/deployment.yaml:12']);
      assert.equal(seen.messages[0], 'ServiceAccount "runer" is not in namespace ml in scope, though other ServiceAccounts applied with it are; add it or fix the name.');
    });

    it('does not count a sibling overlay that no build applies with the pod', () => {
      const tree = {
        'dev/kustomization.yaml': kustomization(['serviceaccount.yaml'], 'namespace: ml\n'),
        'dev/serviceaccount.yaml': serviceAccount('dev-debug'),
        'prod/kustomization.yaml': kustomization(['deployment.yaml'], 'namespace: ml\n'),
        'prod/deployment.yaml': deployment('trainer', 'workload-identity'),
      };
      assert.deepEqual(lintTree(tree, 'MLX015').at, []);
    });

    it('counts a ServiceAccount in the folder above the pod (applied together with kubectl apply -R)', () => {
      assert.deepEqual(lintTree({ 'deploy/serviceaccount.yaml': serviceAccount('runner'), 'deploy/jobs/deployment.yaml': deployment('trainer', 'runer') }, 'MLX015').at, ['deploy/jobs/deployment.yaml:12']);
    });

    it('still resolves the name anywhere in the namespace', () => {
      assert.deepEqual(lintTree({ 'tgis/pod.yaml': deployment('tgis', 'sa'), 'tgis/other.yaml': serviceAccount('other'), 'minio/serviceaccount.yaml': serviceAccount('sa') }, 'MLX015').at, []);
    });
  });

  describe('the folder index answers as the pairwise predicates do', () => {
    /** A deterministic pseudo-random sequence in [0, 1). */
    const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const dirs = ['', 'a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/f'];

    function randomTree(next: () => number): Record<string, string> {
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
      const tree: Record<string, string> = {};
      const filesIn = new Map<string, string[]>();
      for (let i = 0; i < 14; i++) {
        const dir = pick(dirs);
        const rel = `${dir === '' ? '' : `${dir}/`}m${i}.yaml`;
        tree[rel] = next() < 0.5 ? serviceAccount(`sa${i}`) : deployment(`w${i}`, `ghost${i}`);
        filesIn.set(dir, [...(filesIn.get(dir) ?? []), `m${i}.yaml`]);
      }
      const kustomized = dirs.filter(() => next() < 0.4);
      for (const dir of kustomized) {
        const own = (filesIn.get(dir) ?? []).filter(() => next() < 0.7);
        const below = kustomized.filter((k) => k !== dir && dirs.indexOf(k) > dirs.indexOf(dir) && k.startsWith(dir) && next() < 0.5).map((k) => path.posix.relative(dir === '' ? '.' : dir, k));
        tree[`${dir === '' ? '' : `${dir}/`}kustomization.yaml`] = kustomization([...own, ...below]);
      }
      return tree;
    }

    it('on random trees of folders and kustomizations', () => {
      const next = random(28);
      const seen = new Set<string>();
      for (let t = 0; t < 25; t++) {
        withModel(randomTree(next), (ws) => {
          const accounts = objectsOfKind(ws, 'ServiceAccount', 'default');
          for (const pod of ws.objects.filter((o) => o.obj.kind === 'Deployment')) {
            const oneSet = accounts.filter((a) => appliedAsOneSet(ws, pod.path, a.path));
            assert.deepEqual(objectsAppliedAsOneSet(ws, pod, 'ServiceAccount').map((a) => a.path), oneSet.map((a) => a.path), pod.path);
            assert.equal(kindAppliedTogether(ws, pod, 'ServiceAccount'), accounts.some((a) => manifestsAppliedTogether(ws, pod.path, a.path)), pod.path);
            seen.add(`${ws.kustomize?.builds.has(pod.path) === true ? 'built' : 'unbuilt'} ${oneSet.length > 0} ${kindAppliedTogether(ws, pod, 'ServiceAccount')}`);
          }
        });
      }
      // Built and unbuilt referrers, with and without evidence; unbuilt ones with evidence only from a folder above or below
      // (for built ones the two predicates agree).
      assert.deepEqual([...seen].sort(), ['built false false', 'built true true', 'unbuilt false false', 'unbuilt false true', 'unbuilt true true']);
    });
  });
});
