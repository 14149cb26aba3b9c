import * as assert from 'node:assert/strict';
import { appliedOutcome, applyReport, diffDocuments, dryRunOutcome, objectRef, planReport, summarize, type PlannedObject } from '../../../src/core/kubernetes/apply-plan';
import { applyOrder, isManifestFileName, parseManifests, type KubeObject } from '../../../src/core/kubernetes/manifests';

const cm = (data: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', ...extra }, data });

describe('Kubernetes apply plan (pure)', () => {
  describe('parseManifests', () => {
    it('reads every object of a multi-document file, flattens kind: List, skips empty documents', () => {
      const text = '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Secret, metadata: {name: b}}\n- {apiVersion: v1, kind: Service, metadata: {name: c}}\n';
      const r = parseManifests(text, 'f.yaml');
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.objects.map((o) => [o.object.kind, o.object.metadata.name, o.document]), [['ConfigMap', 'a', 1], ['Secret', 'b', 3], ['Service', 'c', 3]]);
    });

    it('turns each unusable document into a problem naming it, and keeps the others', () => {
      const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n- a list\n---\napiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {generateName: p-}\n---\nkey: [unclosed\n';
      const r = parseManifests(text, 'bad.yaml');
      assert.deepEqual(r.objects.map((o) => o.object.metadata.name), ['ok']);
      assert.deepEqual(r.problems.map((p) => [p.document, p.message.split(' ')[0]]), [[2, 'not'], [3, 'kind'], [4, 'Pod'], [5, 'not']]);
      assert.match(r.problems[3]!.message, /^not valid YAML/);
    });

    it('orders namespaces, then CRDs, then the rest, keeping file order otherwise', () => {
      const r = parseManifests('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: d}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}', 'o.yaml');
      assert.deepEqual(applyOrder(r.objects).map((o) => o.object.metadata.name), ['n', 'd', 's', 'c']);
    });

    it('recognises manifest file names', () => {
      assert.deepEqual(['a.yaml', 'b.YML', 'c.json', 'Dockerfile', 'd.yaml.bak'].map(isManifestFileName), [true, true, true, false, false]);
    });
  });

  describe('outcomes', () => {
    it('created without a live object; unchanged when only server-owned fields differ; configured otherwise', () => {
      assert.equal(dryRunOutcome(undefined, cm({ a: '1' })), 'created');
      const live = cm({ a: '1' }, { resourceVersion: '5', uid: 'u', managedFields: [{ manager: 'kubectl' }], creationTimestamp: '2026-01-01T00:00:00Z' });
      assert.equal(dryRunOutcome(live, cm({ a: '1' }, { resourceVersion: '5', managedFields: [{ manager: 'ml-containers' }] })), 'unchanged');
      assert.equal(dryRunOutcome(live, cm({ a: '2' })), 'configured');
    });

    it('after the real apply: an unchanged resourceVersion means unchanged', () => {
      const live = cm({}, { resourceVersion: '7' });
      assert.equal(appliedOutcome(live, cm({}, { resourceVersion: '7' })), 'unchanged');
      assert.equal(appliedOutcome(live, cm({ a: '1' }, { resourceVersion: '8' })), 'configured');
      assert.equal(appliedOutcome(undefined, cm({}, { resourceVersion: '1' })), 'created');
    });

    it('after the real apply: a resourceVersion bumped only by a status write between the read and the apply is unchanged', () => {
      const deployment = (rv: string, status: Record<string, unknown>, replicas = 1): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns', resourceVersion: rv, generation: 1 }, spec: { replicas }, status });
      assert.equal(appliedOutcome(deployment('7', {}), deployment('9', { observedGeneration: 1, replicas: 1 })), 'unchanged');
      assert.equal(appliedOutcome(deployment('7', {}), deployment('9', { observedGeneration: 1 }, 3)), 'configured');
    });
  });

  describe('reports and diff', () => {
    const base = { source: 'f.yaml', document: 1 };
    const plan: PlannedObject[] = [
      { ...base, object: cm({ a: '2' }), ref: 'ConfigMap ns/c', ok: true, live: cm({ a: '1' }, { resourceVersion: '3' }), result: cm({ a: '2' }, { resourceVersion: '3' }), outcome: 'configured' },
      { ...base, document: 2, object: cm({}), ref: 'Deployment ns/d', ok: false, message: 'spec.replicas: Invalid value: -1' },
    ];

    it('names each object, failures with where they came from and the server message', () => {
      assert.deepEqual(planReport(plan), ['  would configure  ConfigMap ns/c', '  FAILED  Deployment ns/d (f.yaml#2): spec.replicas: Invalid value: -1']);
      assert.deepEqual(applyReport([{ ref: 'ConfigMap ns/c', source: 'f.yaml', document: 1, outcome: 'unchanged' }]), ['  unchanged  ConfigMap ns/c']);
      assert.equal(summarize([{ outcome: 'created' }, { outcome: 'failed' }, { outcome: 'created' }]), '2 created, 1 failed');
      assert.equal(summarize([]), 'nothing to apply');
      assert.equal(objectRef({ kind: 'Namespace', metadata: { name: 'n' } }), 'Namespace n');
    });

    it('diffs live against the dry-run result without server-owned fields, only when something live changes', () => {
      const d = diffDocuments(plan);
      assert.ok(d);
      assert.match(d.live, /^# ConfigMap ns\/c\n/);
      assert.match(d.live, /a: "1"/);
      assert.match(d.applied, /a: "2"/);
      assert.doesNotMatch(d.live, /resourceVersion/);
      assert.equal(diffDocuments([{ ...plan[0]!, live: undefined, outcome: 'created' } as PlannedObject]), undefined);
    });
  });
});
