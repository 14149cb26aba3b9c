import * as assert from 'node:assert/strict';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectDocuments } from '../../../../src/core/lint/kubernetes/list-items';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { fixture } from '../../schemas/support';
import { fixtureSchemas } from './support';

/** kubectl's `kind: List`, as `kubectl get deploy,svc -o yaml` writes it. */
const list = fixture('kubectl-list.yaml');

function lineOf(needle: string): number {
  return list.slice(0, list.indexOf(needle)).split('\n').length;
}

describe('kubectl List files (apiVersion: v1, kind: List)', () => {
  it('lints each item as an object of its own, at the item\'s lines', () => {
    const { findings, problems } = lintManifest(list, { schemas: fixtureSchemas() });
    assert.deepEqual(problems, []);
    const at = (id: string) => findings.filter((f) => f.ruleId === id).map((f) => f.range.start.line);
    assert.deepEqual(at('MLK101'), [lineOf('privileged: true')]);
    assert.ok(at('MLK301').includes(lineOf('- name: api')), 'container rules reach the Deployment item');
  });

  it('validates each item against its own kind, reported once, with the item in the path; the List itself is no unknown kind', () => {
    const schema = lintManifest(list, { schemas: fixtureSchemas() }).findings.filter((f) => f.ruleId === 'MLK002').map((f) => [f.range.start.line, f.message]);
    assert.deepEqual(schema, [
      [lineOf('replicas: "2"'), 'items[0].spec.replicas: Expected integer, got string.'],
      [lineOf('imagePullPolicy: Sometimes'), 'items[0].spec.template.spec.containers[0].imagePullPolicy: Value "Sometimes" is not allowed; expected one of Always, IfNotPresent, Never.'],
    ]);
  });

  it('gives the cross-file rules the items as objects (a Service selecting no pod)', () => {
    const result = lintWorkspace([{ path: 'all.yaml', kind: 'kubernetes', text: list }]);
    const selectsNothing = result.findings.filter((f) => f.ruleId === 'MLX006');
    assert.deepEqual(selectsNothing.map((f) => f.range.start.line), [lineOf('selector: {app: apii}')]);
  });

  it('honours a suppression comment on an item', () => {
    const suppressed = list.replace('    privileged: true', '    privileged: true # mlc-ignore MLK101');
    assert.deepEqual(lintManifest(suppressed).findings.filter((f) => f.ruleId === 'MLK101'), []);
  });

  it('leaves other documents, and Lists of other API versions, as they are', () => {
    const file = parseYaml('apiVersion: example.com/v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod}\n---\napiVersion: v1\nkind: ConfigMap\n');
    assert.equal(objectDocuments(file), file.documents);
    const kubectl = parseYaml(list);
    assert.equal(objectDocuments(kubectl).length, 3);
    assert.equal(objectDocuments(kubectl), objectDocuments(kubectl), 'the same documents each time');
  });
});
