import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A Workflow of one container template (and `workflow` fields), its podSpecPatch given as block lines. */
const workflow = (patch: string, template = '', workflowFields = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: train-\nspec:\n  entrypoint: train\n${workflowFields}  templates:\n    - name: train\n      container:\n        image: registry.example/trainer:1.0\n        command: [python3, -m, trainer]\n${template}${patch === '' ? '' : `      podSpecPatch: |\n${patch
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n')}\n`}`;
const mainGpu = 'containers:\n  - name: main\n    resources:\n      limits:\n        cpu: "{{inputs.parameters.cpu}}"\n        nvidia.com/gpu: 1';
const rules = (text: string, ...ids: string[]) =>
  lintManifest(text)
    .findings.filter((f) => ids.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}`);

describe('Argo podSpecPatch written as plain YAML: the GPU it gives the main container counts', () => {
  it('a GPU requested only in the patch makes a GPU pod (MLK405 on the container, MLK409 on the template)', () => {
    assert.deepEqual(rules(workflow(mainGpu), 'MLK405', 'MLK409'), ['MLK409@8', 'MLK405@9']);
  });

  it('no patch, or a patch without accelerators, leaves a CPU pod', () => {
    assert.deepEqual(rules(workflow(''), 'MLK405', 'MLK409'), []);
    assert.deepEqual(rules(workflow(mainGpu.replace('nvidia.com/gpu: 1', 'memory: 4Gi')), 'MLK405', 'MLK409'), []);
  });

  it('the workflow-level patch applies to every template, merged under the template\'s own', () => {
    const atWorkflow = `  podSpecPatch: |\n${mainGpu.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
    assert.deepEqual(rules(workflow('', '', atWorkflow), 'MLK409'), ['MLK409@15']);
    const cpuOnly = 'containers:\n  - name: main\n    resources: {limits: {cpu: "2"}}';
    assert.deepEqual(rules(workflow(cpuOnly, '', atWorkflow), 'MLK409'), ['MLK409@15'], 'the template patch keeps the workflow\'s GPU');
  });

  it('a patch for another container name gives the main container nothing; one for a sidecar gives the sidecar its GPU', () => {
    const sidecarPatch = mainGpu.replace('name: main', 'name: helper');
    assert.deepEqual(rules(workflow(sidecarPatch), 'MLK409'), []);
    const sidecar = '      sidecars:\n        - name: helper\n          image: registry.example/helper:1.0\n';
    assert.deepEqual(rules(workflow(sidecarPatch, sidecar), 'MLK409'), ['MLK409@8']);
  });

  it('a patch that parameters shape stays unknown (as before): a templated key, name or list, or one that does not parse', () => {
    for (const patch of [
      mainGpu.replace('nvidia.com/gpu: 1', '"{{inputs.parameters.resource}}": 1'),
      mainGpu.replace('name: main', 'name: "{{inputs.parameters.container}}"'),
      'containers: "{{inputs.parameters.containers}}"',
      `${mainGpu}\n  - name: [unclosed`,
    ]) {
      assert.deepEqual(rules(workflow(patch), 'MLK405', 'MLK409'), [], patch);
    }
  });

  it('the resource rules stay quiet on a container whose resources a patch sets (its values may be parameters)', () => {
    assert.deepEqual(rules(workflow(mainGpu), 'MLK301', 'MLK302', 'MLK303', 'MLK305'), []);
  });

  it('quick fixes never write into the patch text', () => {
    const text = workflow(mainGpu);
    const patchStart = text.split('\n').findIndex((l) => l.includes('podSpecPatch')) + 1;
    const edits = lintManifest(text).findings.flatMap((f) => f.fix?.edits ?? []);
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.range.start.line <= patchStart), JSON.stringify(edits.map((e) => e.range.start)));
  });
});
