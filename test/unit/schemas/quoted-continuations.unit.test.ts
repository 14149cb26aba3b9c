import * as assert from 'node:assert/strict';
import { validateText } from '../../../src/core/schemas/validate';
import { bundledStore } from '../../fixtures/schemas/instances';

describe('schema validation of PyYAML-written manifests (quoted values continued at the key\'s indentation)', () => {
  it('validates the document instead of skipping it as a syntax error, at offsets of the text as written', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  replicas: two',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: registry.example/web:1',
      '          args:',
      '            - "python serve.py && \\',
      '           echo done"',
      '          ports: [{containerPort: eighty}]',
      '',
    ].join('\n');
    const found = validateText(text, 'deploy.yaml', bundledStore(), '1.34');
    const at = (path: string) => found.filter((d) => d.path === path).map((d) => text.slice(d.start, d.end));
    assert.deepEqual(at('spec.replicas'), ['two'], JSON.stringify(found));
    assert.deepEqual(at('spec.template.spec.containers[0].ports[0].containerPort'), ['eighty'], JSON.stringify(found));
  });
});
