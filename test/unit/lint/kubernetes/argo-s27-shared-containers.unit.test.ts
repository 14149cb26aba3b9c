import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf } from './support';

/** A WorkflowTemplate of the given templates (YAML lines under `templates:`, indented by four). */
const workflow = (...templates: string[]): string => ['apiVersion: argoproj.io/v1alpha1', 'kind: WorkflowTemplate', 'metadata:', '  name: train', 'spec:', '  entrypoint: train', '  templates:', ...templates].join('\n') + '\n';

const gpuContainer = [
  '    - name: train',
  '      container: &main',
  '        image: registry.example/trainer',
  '        command: [python3, train.py]',
  '        env:',
  '          - {name: HF_TOKEN, value: hf_abcdefghijklmnopqrstuvwxyz0123456789}',
  '        securityContext:',
  '          privileged: true',
  '        resources:',
  '          limits:',
  '            nvidia.com/gpu: 1',
].join('\n');

/** Findings of the rules as `ID@line:column message`. */
const found = (text: string, ...ids: string[]): string[] =>
  lintManifest(text, { fixes: false })
    .findings.filter((f) => ids.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column} ${f.message}`);

describe('Argo templates that share a container through a YAML alias or merge key', () => {
  it('a finding in the shared container is reported once, naming the container "main" as Argo does', () => {
    const text = workflow(gpuContainer, '    - name: train-again', '      container: *main');
    const out = found(text, 'MLK201', 'MLK117', 'MLK418');
    assert.deepEqual(
      out.map((f) => f.split(' ')[0]),
      ['MLK201@10:16', 'MLK117@13:37', 'MLK418@15:23'],
    );
    assert.ok(out.every((f) => f.includes('container "main"')), out.join('\n'));
  });

  it('a finding at each template (its container: key) stays one per template', () => {
    const text = workflow(gpuContainer, '    - name: train-again', '      container: *main');
    assert.deepEqual(
      found(text, 'MLK405').map((f) => f.split(' ')[0]),
      ['MLK405@9:7', 'MLK405@20:7'],
    );
  });

  it('a container merged with `<<:` reads the source\'s fields, its own keys winning', () => {
    const merged = ['    - name: train-debug', '      container:', '        <<: *main', '        image: registry.example/trainer:2.0.1'];
    const text = workflow(gpuContainer, ...merged);
    // The merged template is a GPU pod (MLK405 at its container: key), runs privileged (MLK418 once, in the source),
    // and its own pinned image replaces the source's untagged one (MLK201 only at the source).
    assert.deepEqual(found(text, 'MLK405').map((f) => f.split(' ')[0]), ['MLK405@9:7', 'MLK405@20:7']);
    assert.deepEqual(found(text, 'MLK418', 'MLK201').map((f) => f.split(' ')[0]), ['MLK201@10:16', 'MLK418@15:23']);
  });

  it('a merge key with a list of sources takes each key from the first source that has it', () => {
    const text = workflow(
      gpuContainer,
      '    - name: pinned',
      '      container: &pinned',
      '        image: registry.example/trainer:2.0.1',
      '    - name: both',
      '      container:',
      '        <<: [*pinned, *main]',
    );
    const obj = objectOf(text);
    const both = obj.podSpecs[2]?.containers[0];
    assert.equal(obj.view.text(both?.node, 'image'), 'registry.example/trainer:2.0.1');
    assert.deepEqual(obj.view.list(obj.view.get(both?.node, 'command')).map((n) => obj.view.str(n)), ['python3', 'train.py']);
  });

  it('a quick fix that adds a key to a container that merges another goes among its own keys', () => {
    const merged = ['    - name: train-debug', '      container:', '        <<: *main', '        args: [--debug]'];
    const text = workflow(gpuContainer, ...merged);
    const mergedStart = text.split('\n').indexOf('    - name: train-debug') + 1;
    const shm = lintManifest(text).findings.filter((f) => f.ruleId === 'MLK405' && f.range.start.line > mergedStart);
    const edits = shm.flatMap((f) => f.fix?.edits ?? []);
    assert.ok(edits.length > 0);
    assert.ok(edits.every((e) => e.range.start.line > mergedStart), JSON.stringify(edits.map((e) => e.range.start)));
  });

  it('the main container of a container or script template is named "main"; sidecars and a containerSet\'s keep theirs', () => {
    const text = workflow(
      '    - name: serve',
      '      container:',
      '        image: registry.example/server:1.0.0',
      '      sidecars:',
      '        - name: proxy',
      '          image: registry.example/proxy:1.0.0',
      '    - name: report',
      '      script:',
      '        image: registry.example/python:3.12',
      '        source: print(1)',
      '    - name: pair',
      '      containerSet:',
      '        containers:',
      '          - {name: a, image: registry.example/a:1.0.0}',
    );
    assert.deepEqual(
      objectOf(text).podSpecs.map((p) => [p.role, p.containers.map((c) => c.name)]),
      [
        ['serve', ['main', 'proxy']],
        ['report', ['main']],
        ['pair', ['a']],
      ],
    );
  });
});
