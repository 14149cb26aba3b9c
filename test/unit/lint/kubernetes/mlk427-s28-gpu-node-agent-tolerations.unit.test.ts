import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig } from '../../../../src/core/lint/config';
import type { ManifestLintOptions } from '../../../../src/core/lint/kubernetes/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk427-gpu-node-agent-without-gpu-toleration';
import { describeFinding, expectations } from '../fixtures';
import { fixtureSchemas, kubernetesFixturesRoot, listManifestFixtures, manifestFixtureConfig } from './support';

const ruleDir = path.join(kubernetesFixturesRoot, 'MLK427');

function profile(cluster: Partial<MlcConfig['cluster']>): MlcConfig {
  const config = emptyConfig();
  config.cluster = { ...config.cluster, ...cluster };
  return config;
}

function lint(text: string, options: ManifestLintOptions = {}) {
  return lintManifest(text, { rules: [rule], ...options }).findings;
}

function flagged(text: string, options: ManifestLintOptions = {}): string[] {
  return lint(text, options).map((f) => describeFinding(f, true));
}

interface AgentOptions {
  kind?: string;
  image?: string;
  tolerations?: string;
  labels?: string;
  extraContainer?: string;
  limits?: string;
}

/** A node-agent object; `tolerations` is the pod spec's block (indented 6), `labels` the object's. */
function agent(o: AgentOptions = {}): string {
  return `apiVersion: apps/v1
kind: ${o.kind ?? 'DaemonSet'}
metadata:
  name: agent${o.labels ? `\n  labels:\n${o.labels}` : ''}
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
${o.tolerations ?? ''}      containers:
        - name: agent
          image: ${o.image ?? 'nvcr.io/nvidia/k8s/dcgm-exporter:4.2.3-4.1.3-ubuntu22.04'}${o.limits ? `\n          resources: {limits: {${o.limits}}}` : ''}
${o.extraContainer ?? ''}`;
}

const tolerations = (...entries: string[]) => `      tolerations:\n${entries.map((e) => `        - ${e}\n`).join('')}`;

describe('MLK427 reports GPU node-agent DaemonSets that do not tolerate the GPU taint', () => {
  describe('golden fixtures, with the rule imported directly', () => {
    for (const file of listManifestFixtures(path.join(ruleDir, 'fail'))) {
      it(`flags fail/${path.basename(file)} where its expect line says`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const result = lintManifest(text, { config: manifestFixtureConfig(ruleDir, file, 'MLK427'), rules: [rule], schemas: fixtureSchemas() });
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.findings.map((f) => describeFinding(f, false)).sort(), expectations(text));
        assert.ok(result.findings.every((f) => f.severity === 'info' && !f.message.includes('\n')));
      });
    }
    for (const file of listManifestFixtures(path.join(ruleDir, 'pass'))) {
      it(`does not flag pass/${path.basename(file)}`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const result = lintManifest(text, { config: manifestFixtureConfig(ruleDir, file, 'MLK427'), rules: [rule], schemas: fixtureSchemas() });
        assert.deepEqual(result.findings.map((f) => describeFinding(f, false)), []);
      });
    }
  });

  it('says which DaemonSet and agent, what happens and what toleration to add', () => {
    const [f] = lint(agent());
    assert.equal(
      f?.message,
      'DaemonSet "agent" runs a GPU node agent (dcgm-exporter) but does not tolerate the nvidia.com/gpu taint, so it never runs on the GPU nodes it serves when they are tainted nvidia.com/gpu:NoSchedule (as GKE taints GPU pools added beside CPU pools); add a toleration with key nvidia.com/gpu, operator Exists and effect NoSchedule.',
    );
  });

  it('the quick fix adds the toleration, and the fixed DaemonSet is not flagged again', () => {
    const text = agent();
    const [f] = lint(text, { fixes: true });
    assert.ok(f?.fix, 'a DaemonSet without tolerations gets a fix');
    const fixed = applyTextEdits(text, f.fix.edits);
    assert.match(fixed, /\n {6}tolerations:\n {8}- key: nvidia\.com\/gpu\n {10}operator: Exists\n {10}effect: NoSchedule\n/);
    assert.deepEqual(flagged(fixed), []);
  });

  it('offers no fix where the pod has tolerations already (it is flagged at that key)', () => {
    const [f] = lint(agent({ tolerations: tolerations('key: CriticalAddonsOnly\n          operator: Exists') }), { fixes: true });
    assert.equal(f?.fix, undefined);
    assert.equal(f?.range.start.line, 12);
  });

  it('accepts the GPU key with any operator or blocking effect, a key-less Exists, another key of the vendor and a GPU taint of the cluster\'s naming', () => {
    for (const t of [
      'key: nvidia.com/gpu\n          operator: Equal\n          value: present\n          effect: NoSchedule',
      'key: nvidia.com/gpu\n          operator: Exists\n          effect: NoExecute',
      'operator: Exists',
      'key: nvidia.com/gpu.deploy.dcgm-exporter\n          operator: Exists',
      'key: sku\n          operator: Equal\n          value: gpu\n          effect: NoSchedule',
      'key: gpu-node\n          operator: Exists',
    ]) {
      assert.deepEqual(flagged(agent({ tolerations: tolerations(t) })), [], t);
    }
  });

  it('a toleration for PreferNoSchedule only, or for another taint, does not let the agent onto tainted nodes', () => {
    for (const t of ['key: nvidia.com/gpu\n          operator: Exists\n          effect: PreferNoSchedule', 'operator: Exists\n          effect: PreferNoSchedule', 'key: CriticalAddonsOnly\n          operator: Exists']) {
      assert.deepEqual(flagged(agent({ tolerations: tolerations(t) })), ['MLK427@12'], t);
    }
  });

  it('honours cluster.gpuTaintKey: a vendor-neutral key (AKS sku) is on every GPU pool, another vendor\'s key on that vendor\'s only', () => {
    const aks = { config: profile({ gpuTaintKey: 'sku' }) };
    assert.deepEqual(flagged(agent(), aks), ['MLK427@2']);
    assert.match(lint(agent(), aks)[0]?.message ?? '', /tainted sku:NoSchedule; add a toleration with key sku,/);
    assert.deepEqual(flagged(agent({ tolerations: tolerations('key: sku\n          operator: Exists') }), aks), []);
    assert.deepEqual(flagged(agent(), { config: profile({ gpuTaintKey: 'amd.com/gpu' }) }), []);
  });

  it('AMD and Intel agents are judged only against their own vendor\'s key (their charts tolerate no GPU taint by default)', () => {
    const amd = agent({ image: 'docker.io/rocm/k8s-device-plugin:1.31.0.6' });
    const intel = agent({ image: 'intel/intel-gpu-plugin:0.32.0' });
    assert.deepEqual(flagged(amd), []);
    assert.deepEqual(flagged(intel), []);
    assert.deepEqual(flagged(amd, { config: profile({ gpuTaintKey: 'amd.com/gpu' }) }), ['MLK427@2']);
    assert.deepEqual(flagged(intel, { config: profile({ gpuTaintKey: 'gpu.intel.com/i915' }) }), ['MLK427@2']);
    assert.deepEqual(flagged(agent({ image: 'rocm/k8s-device-plugin:labeller-1.31.0.6', tolerations: tolerations('key: amd.com/gpu\n          operator: Exists') }), { config: profile({ gpuTaintKey: 'amd.com/gpu' }) }), []);
  });

  it('leaves out patches, chart-rendered and controller-owned objects, pods with another app container, pods that request GPUs, and other workloads', () => {
    const text = agent();
    assert.deepEqual(flagged(text, { kustomizePatch: true }), []);
    assert.deepEqual(flagged(text, { path: 'deploy/gpu-tainted-nodes-patch.yaml' }), []);
    assert.deepEqual(flagged(agent({ labels: '    app.kubernetes.io/managed-by: Helm' })), []);
    assert.deepEqual(flagged(agent({ labels: '    helm.sh/chart: dcgm-exporter-4.2.3' })), []);
    assert.deepEqual(flagged(agent({ extraContainer: '        - name: proxy\n          image: quay.io/brancz/kube-rbac-proxy:v0.18.0\n' })), []);
    assert.deepEqual(flagged(agent({ limits: 'nvidia.com/gpu: 1' })), []);
    assert.deepEqual(flagged(agent({ kind: 'Deployment' })), []);
    assert.deepEqual(flagged(agent({ image: 'quay.io/prometheus/node-exporter:v1.8.2' })), []);
  });
});
