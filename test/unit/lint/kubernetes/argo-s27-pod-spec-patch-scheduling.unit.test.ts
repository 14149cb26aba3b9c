import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** Block lines indented by `by` spaces. */
const indent = (lines: string, by: number): string =>
  lines
    .split('\n')
    .map((l) => `${' '.repeat(by)}${l}`)
    .join('\n');

/**
 * A Workflow of one container template (line 8: `- name: prep`) with the given template fields (block lines from
 * line 12, at the template's indentation) and podSpecPatch (block lines), and workflow-level fields before `templates:`.
 */
const workflow = (opts: { fields?: string; patch?: string; workflowFields?: string; container?: string }): string =>
  [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Workflow',
    'metadata:',
    '  generateName: prep-',
    'spec:',
    '  entrypoint: prep',
    ...(opts.workflowFields === undefined ? [] : [indent(opts.workflowFields, 2)]),
    '  templates:',
    '    - name: prep',
    '      container:',
    '        image: registry.example/prep:1.4.0',
    '        command: [python3, prep.py]',
    ...(opts.container === undefined ? [] : [indent(opts.container, 8)]),
    ...(opts.fields === undefined ? [] : [indent(opts.fields, 6)]),
    ...(opts.patch === undefined ? [] : ['      podSpecPatch: |', indent(opts.patch, 8)]),
  ].join('\n') + '\n';

const mlk410 = (text: string): string[] =>
  lintManifest(text, { fixes: false })
    .findings.filter((f) => f.ruleId === 'MLK410')
    .map((f) => `${f.range.start.line}: ${f.message.slice(0, f.message.indexOf(' but '))}`);

const gpuSelector = 'nodeSelector:\n  nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB';
const gpuForMain = 'containers:\n  - name: main\n    resources:\n      limits:\n        nvidia.com/gpu: 1';
const gpuAffinity = 'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: nvidia.com/gpu.present, operator: In, values: ["true"]}';
const gpuToleration = 'tolerations:\n  - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}';

describe('MLK410 reads the nodeSelector, affinity and tolerations of an Argo podSpecPatch', () => {
  it('a GPU node the patch selects, with no GPU requested, is flagged at the patch', () => {
    assert.deepEqual(mlk410(workflow({ patch: gpuSelector })), ['12: This pod selects GPU nodes (nvidia.com/gpu.product)']);
    assert.deepEqual(mlk410(workflow({ patch: gpuAffinity })), ['12: This pod requires GPU nodes (nvidia.com/gpu.present)']);
    assert.deepEqual(mlk410(workflow({ patch: gpuToleration })), ['12: This pod tolerates the nvidia.com/gpu taint']);
  });

  it('a patch written as JSON is read too', () => {
    const json = workflow({}).replace(/\n$/, `\n      podSpecPatch: '{"nodeSelector":{"cloud.google.com/gke-accelerator":"nvidia-l4"}}'\n`);
    assert.deepEqual(mlk410(json), ['12: This pod selects GPU nodes (cloud.google.com/gke-accelerator)']);
  });

  it('a GPU the patch requests counts, whether the GPU node is the template\'s or the patch\'s', () => {
    assert.deepEqual(mlk410(workflow({ patch: `${gpuSelector}\n${gpuForMain}` })), []);
    assert.deepEqual(mlk410(workflow({ fields: gpuSelector, patch: gpuForMain })), []);
    assert.deepEqual(mlk410(workflow({ fields: gpuToleration, patch: gpuForMain })), []);
  });

  it('a plain patch that requests no GPU no longer hides the template\'s GPU node', () => {
    const cpuOnly = 'containers:\n  - name: main\n    resources:\n      limits: {cpu: "{{inputs.parameters.cpu}}", memory: 8Gi}';
    assert.deepEqual(mlk410(workflow({ fields: gpuSelector, patch: cpuOnly })), ['13: This pod selects GPU nodes (nvidia.com/gpu.product)']);
    // Argo's own wait container, given CPU and memory only, is no accelerator either.
    const waitCpu = 'containers:\n  - name: wait\n    resources:\n      limits: {cpu: 100m, memory: 128Mi}';
    assert.deepEqual(mlk410(workflow({ fields: gpuSelector, patch: waitCpu })), ['13: This pod selects GPU nodes (nvidia.com/gpu.product)']);
    assert.deepEqual(mlk410(workflow({ fields: gpuSelector, patch: waitCpu.replace('memory: 128Mi', 'example.com/accelerator: 1') })), []);
  });

  it('a patch it cannot read whole still may request the GPU: templated, naming another container, or claiming devices', () => {
    for (const patch of [
      `${gpuSelector}\ncontainers:\n  - name: main\n    resources: "{{inputs.parameters.resources}}"`,
      `${gpuSelector}\ncontainers:\n  - name: main\n    resources:\n      limits:\n        "{{inputs.parameters.gpu-resource}}": 1`,
      `${gpuSelector}\ncontainers:\n  - name: trainer\n    resources:\n      limits:\n        cpu: "2"`,
      `${gpuSelector}\nresourceClaims:\n  - {name: gpu, resourceClaimTemplateName: one-gpu}`,
      '"{{inputs.parameters.pod-spec-patch}}"',
    ]) {
      assert.deepEqual(mlk410(workflow({ fields: gpuSelector, patch })), [], patch);
    }
  });

  it('merges as a strategic merge patch: nodeSelector key by key, tolerations and nodeSelectorTerms replaced whole', () => {
    // The patch's "false" overrides the template's GPU label.
    assert.deepEqual(mlk410(workflow({ fields: 'nodeSelector:\n  nvidia.com/gpu.present: "true"', patch: 'nodeSelector:\n  nvidia.com/gpu.present: "false"' })), []);
    // Another label in the patch keeps the template's GPU label.
    assert.deepEqual(mlk410(workflow({ fields: gpuSelector, patch: 'nodeSelector:\n  topology.kubernetes.io/zone: us-east-1a' })), ['13: This pod selects GPU nodes (nvidia.com/gpu.product)']);
    // The patch's tolerations replace the template's GPU toleration.
    assert.deepEqual(mlk410(workflow({ fields: gpuToleration, patch: 'tolerations:\n  - {key: dedicated, operator: Exists}' })), []);
    // The patch's node selector terms replace the template's GPU term.
    const cpuTerm = gpuAffinity.replace('nvidia.com/gpu.present, operator: In', 'nvidia.com/gpu.present, operator: NotIn');
    assert.deepEqual(mlk410(workflow({ fields: gpuAffinity, patch: cpuTerm })), []);
  });

  it('the workflow-level patch applies to every template, the template\'s patch merged over it', () => {
    const atWorkflow = `podSpecPatch: |\n${indent(gpuSelector, 2)}`;
    assert.deepEqual(mlk410(workflow({ workflowFields: atWorkflow })), ['7: This pod selects GPU nodes (nvidia.com/gpu.product)']);
    assert.deepEqual(mlk410(workflow({ workflowFields: atWorkflow, patch: gpuForMain })), []);
    assert.deepEqual(mlk410(workflow({ workflowFields: atWorkflow, patch: 'nodeSelector:\n  nvidia.com/gpu.product: "false"' })), []);
  });

  it('MLK409 sees the GPU toleration a patch adds to a GPU pod', () => {
    const mlk409 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK409').length;
    assert.equal(mlk409(workflow({ patch: gpuForMain })), 1);
    assert.equal(mlk409(workflow({ patch: `${gpuForMain}\n${gpuToleration}` })), 0);
  });

  it('quick fixes never write into the patch text', () => {
    const text = workflow({ fields: 'nodeSelector:\n  kubernetes.io/arch: amd64', patch: `${gpuForMain}\n${gpuSelector}\n${gpuToleration}` });
    const patchStart = text.split('\n').findIndex((l) => l.includes('podSpecPatch')) + 1;
    const edits = lintManifest(text).findings.flatMap((f) => f.fix?.edits ?? []);
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.range.start.line <= patchStart), JSON.stringify(edits.map((e) => e.range.start)));
  });
});
