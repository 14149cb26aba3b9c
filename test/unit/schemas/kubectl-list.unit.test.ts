import * as assert from 'node:assert/strict';
import { completeAt } from '../../../src/core/schemas/complete';
import { hoverAt } from '../../../src/core/schemas/hover';
import { documentSymbols } from '../../../src/core/schemas/symbols';
import { validateText } from '../../../src/core/schemas/validate';
import { bundledStore } from '../../fixtures/schemas/instances';
import { fixture, offsetOf, pos } from './support';

const store = bundledStore();
/** kubectl's `kind: List`, as `kubectl get deploy,svc -o yaml` writes it. */
const list = fixture('kubectl-list.yaml');

describe('schemas on kubectl List files (apiVersion: v1, kind: List)', () => {
  it('validates each item against its own kind in the editor, and not the List as an unknown kind', () => {
    assert.deepEqual(validateText(list, 'all.yaml', store, '1.34').map((d) => [d.path, pos(list, d.start)]), [
      ['items[0].spec.replicas', '12:15'],
      ['items[0].spec.template.spec.containers[0].imagePullPolicy', '22:28'],
    ]);
  });

  it('reports an unknown kind or a wrong apiVersion inside an item at the item', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Deployment\n- apiVersion: v1\n  kind: Servise\n';
    assert.deepEqual(validateText(text, 'all.yaml', store, '1.34').map((d) => [d.code, d.path, pos(text, d.start)]), [
      ['api-version', 'items[0].apiVersion', '4:15'],
      ['unknown-kind', 'items[1].kind', '7:9'],
    ]);
  });

  it('hovers a field of an item with its kind\'s schema', () => {
    const h = hoverAt(list, offsetOf(list, 'imagePullPolicy', 3), 'all.yaml', store, '1.34');
    assert.equal(h?.markdown.split('\n')[0], '**imagePullPolicy** `string`');
    assert.match(h?.markdown ?? '', /\*Schema: Kubernetes 1\.34/);
  });

  it('completes keys and enum values inside an item', () => {
    const keys = list.replace('          imagePullPolicy: Sometimes', '          imagePullPolicy: \n          res');
    const k = completeAt(keys, offsetOf(keys, '          res', 13), 'all.yaml', store, '1.34');
    assert.ok(k?.items.some((i) => i.label === 'resources'), 'container keys');
    const v = completeAt(keys, offsetOf(keys, 'imagePullPolicy: ', 17), 'all.yaml', store, '1.34');
    assert.deepEqual(v?.items.map((i) => i.label), ['Always', 'IfNotPresent', 'Never']);
    const kinds = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deplo\n';
    const c = completeAt(kinds, kinds.length - 1, 'all.yaml', store, '1.34');
    assert.ok(c?.items.some((i) => i.label === 'Deployment'), 'kinds of the item\'s apiVersion');
  });

  it('outlines the items as Kind name', () => {
    const [list] = documentSymbols(fixture('kubectl-list.yaml'));
    assert.equal(list?.name, 'List');
    assert.deepEqual(list?.children.find((c) => c.name === 'items')?.children.map((c) => c.name), ['Deployment api', 'Service api']);
  });
});
