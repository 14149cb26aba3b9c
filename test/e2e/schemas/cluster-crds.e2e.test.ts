// A CRD the bundle does not know, installed into the real test cluster: its served schema is read
// (metadata list, then the CRD), cached on disk per context, and used to validate, complete and hover
// its custom resources; with the cluster unreachable the disk cache answers.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeAt } from '../../../src/core/schemas/complete';
import { hoverAt } from '../../../src/core/schemas/hover';
import { validateText } from '../../../src/core/schemas/validate';
import { contextCrds } from '../../../src/infra/schemas/context-crds';
import { loadKubeconfigs, type LoadedKubeconfigs } from '../../../src/infra/kubernetes/read-kubeconfigs';
import { Kubectl, releaseCluster, upCluster } from '../cluster/cluster';
import { bundledStore } from '../../fixtures/schemas/instances';

const lease = `schemas-cluster-crds-${process.pid}`;
const group = `e2e${process.pid}.mlc.example.com`;
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}`, labels: { 'mlc.test': lease } },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object', required: ['size'],
              properties: {
                size: { type: 'integer', description: 'How many sprockets the widget holds.' },
                color: { type: 'string', enum: ['red', 'blue'] },
              },
            },
          },
        },
      },
    }],
  },
};
const valid = `apiVersion: ${group}/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: 3\n  color: red\n`;
const invalid = `apiVersion: ${group}/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: big\n  colour: red\n`;

describe('cluster-served CRD schemas (real API server, disk cache)', function () {
  this.timeout(300_000);
  let kubectl: Kubectl;
  let loaded: LoadedKubeconfigs;
  let context: string;
  const cacheDir = mkdtempSync(join(tmpdir(), 'mlc-crd-cache-'));

  before(async () => {
    const { info } = await upCluster(lease, 280_000);
    kubectl = new Kubectl(info);
    context = info.context;
    loaded = await loadKubeconfigs(process.env, process.platform, info.kubeconfig);
    await kubectl.ok(['apply', '--server-side', '--field-manager=mlc-e2e-schemas', '-f', '-'], { input: JSON.stringify(crd), timeoutMs: 60_000 });
    await kubectl.ok(['wait', '--for=condition=Established', `crd/widgets.${group}`, '--timeout=60s'], { timeoutMs: 70_000 });
  });

  after(async () => {
    if (kubectl) {
      await kubectl.run(['delete', 'crd', `widgets.${group}`, '--wait=false']);
    }
    await releaseCluster(lease);
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('the bundled schemas alone know nothing of the kind', () => {
    assert.deepEqual(validateText(invalid, 'w.yaml', bundledStore(), '1.34'), []);
  });

  it('reads the served schema and validates, completes and hovers custom resources with it', async () => {
    const result = await contextCrds(loaded, context, cacheDir);
    assert.ok('crds' in result, 'problem' in result ? result.problem : '');
    assert.equal(result.from, 'cluster');
    assert.ok(result.downloaded >= 1);
    assert.ok(result.crds.some((c) => c.metadata.name === `widgets.${group}`));
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length, 1);

    const store = bundledStore().withClusterCrds(result);
    assert.deepEqual(validateText(valid, 'w.yaml', store, '1.34'), []);
    assert.deepEqual(validateText(invalid, 'w.yaml', store, '1.34').map((d) => [d.code, d.path, invalid.slice(d.start, d.end), d.message]), [
      ['type', 'spec.size', 'big', 'Expected integer, got string.'],
      ['unknown-field', 'spec.colour', 'colour', 'Unknown field "colour". Did you mean "color"?'],
    ]);
    const keyText = valid.replace('  color: red\n', '  \n');
    const keys = completeAt(keyText, keyText.length - 1, 'w.yaml', store, '1.34');
    assert.deepEqual(keys?.items.map((i) => i.label), ['color']);
    const hover = hoverAt(valid, valid.indexOf('size'), 'w.yaml', store, '1.34');
    assert.match(hover?.markdown ?? '', /How many sprockets the widget holds\./);
    assert.match(hover?.markdown ?? '', new RegExp(`cluster ${context}`));

    const dryRun = await kubectl.run(['apply', '--dry-run=server', '--namespace', 'default', '-f', '-'], { input: valid, timeoutMs: 60_000 });
    assert.equal(dryRun.code, 0, dryRun.stderr);
  });

  it('downloads no CRD again while its resourceVersion is unchanged', async () => {
    const result = await contextCrds(loaded, context, cacheDir);
    assert.ok('crds' in result && result.from === 'cluster');
    assert.equal(result.downloaded, 0);
    assert.ok(result.crds.some((c) => c.metadata.name === `widgets.${group}`));
  });

  it('with the cluster unreachable, the disk cache of the context answers', async () => {
    const unreachable: LoadedKubeconfigs = { ...loaded, merged: { ...loaded.merged, clusters: loaded.merged.clusters.map((c) => ({ ...c, server: 'https://127.0.0.1:1' })) } };
    const result = await contextCrds(unreachable, context, cacheDir);
    assert.ok('crds' in result, 'problem' in result ? result.problem : '');
    assert.equal(result.from, 'cache');
    assert.match(result.problem ?? '', /ECONNREFUSED/);
    const store = bundledStore().withClusterCrds(result);
    assert.deepEqual(validateText(invalid, 'w.yaml', store, '1.34').map((d) => d.path), ['spec.size', 'spec.colour']);
  });

  it('with the cluster unreachable and no cache, says why instead of failing', async () => {
    const unreachable: LoadedKubeconfigs = { ...loaded, merged: { ...loaded.merged, clusters: loaded.merged.clusters.map((c) => ({ ...c, server: 'https://127.0.0.1:1' })) } };
    const empty = mkdtempSync(join(tmpdir(), 'mlc-crd-empty-'));
    const result = await contextCrds(unreachable, context, empty).finally(() => rmSync(empty, { recursive: true, force: true }));
    assert.ok('problem' in result && !('crds' in result));
    assert.match(result.problem, /ECONNREFUSED/);
  });
});
