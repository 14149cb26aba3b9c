// The ML operators' CRDs we bundle, installed into the real test cluster from the same Go module files
// the generator read (schemas/manifest.json), accept our valid fixtures on a server-side dry-run.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { Kubectl, releaseCluster, upCluster, waitUntil } from '../cluster/cluster';
import { bundledStore, instanceOf } from '../../fixtures/schemas/instances';
import { expandSnippet } from '../../unit/schemas/snippet-expand';

const lease = `schemas-crds-${process.pid}`;
const label = { 'mlc.test': `schemas-crds-${process.pid}` };
const goModCache = process.env.GOMODCACHE ?? join(homedir(), '.cache', 'ml-containers', 'go', 'pkg', 'mod');
/** Go's module cache escapes upper-case letters as !lower. */
const escapeModule = (m: string) => m.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

interface Manifest {
  crds: { id: string; source: { kind: string; module: string; version: string; files: string[]; generator?: string } }[];
}

/** Where a CRD file lies: in its Go module, or in the cache of CRDs generated from a module's types (scripts/schemas/volcano.mjs). */
function crdDir(source: Manifest['crds'][number]['source']): string {
  if (source.kind === 'controller-gen') {
    const generator = /@(v[\w.-]+)/.exec(source.generator ?? '')?.[1] ?? '';
    return join(homedir(), '.cache', 'ml-containers', 'volcano-crds', `${source.version}-controller-gen-${generator}`);
  }
  return join(goModCache, `${escapeModule(source.module)}@${source.version}`);
}

type CrdVersion = Record<string, unknown> & { storage?: boolean };
type Crd = Record<string, unknown> & { metadata: { name: string }; spec: { versions: CrdVersion[] } };

/**
 * Operators that serve other versions of one kind (the training operator's kubeflow.org/v1 MPIJob, mpi-operator's
 * v2beta1) ship CRDs of the same name: applied as one, with every version served and the first one stored.
 */
function mergedByName(crds: readonly Crd[]): Crd[] {
  const byName = new Map<string, Crd>();
  for (const crd of crds) {
    const first = byName.get(crd.metadata.name);
    if (!first) {
      byName.set(crd.metadata.name, crd);
      continue;
    }
    const known = new Set(first.spec.versions.map((v) => v.name));
    const added = crd.spec.versions.filter((v) => !known.has(v.name)).map((v) => ({ ...v, storage: false }));
    byName.set(crd.metadata.name, { ...first, spec: { ...first.spec, versions: [...first.spec.versions, ...added] } });
  }
  return [...byName.values()];
}

function crdObjects(): Record<string, unknown>[] {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'manifest.json'), 'utf8')) as Manifest;
  const crds = manifest.crds.flatMap(({ source }) => source.files.flatMap((f) => {
    const path = join(crdDir(source), f);
    return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as Crd).filter((o) => o?.kind === 'CustomResourceDefinition');
  }));
  return mergedByName(crds).map((o) => ({ ...o, metadata: { ...o.metadata, labels: label } }));
}

describe('bundled ML operator CRDs against the real API server', function () {
  this.timeout(300_000);
  let kubectl: Kubectl;

  before(async () => {
    const { info } = await upCluster(lease, 280_000);
    kubectl = new Kubectl(info);
    const crds = crdObjects();
    assert.ok(crds.length >= 17, `only ${crds.length} CRDs (run node scripts/schemas/fetch-crd-modules.mjs to fill the Go module cache)`);
    await kubectl.ok(['apply', '--server-side', '--force-conflicts', '--field-manager=mlc-e2e-schemas', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: crds }), timeoutMs: 120_000 });
    const selector = Object.entries(label).map(([k, v]) => `${k}=${v}`).join(',');
    // Polled rather than `kubectl wait`, which fails at once on a CRD whose status has no conditions yet.
    await waitUntil(`${crds.length} CRDs Established`, async () => {
      const out = await kubectl.ok(['get', 'crd', '-l', selector, '-o', 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Established")].status}{"\\n"}{end}']);
      return out.split('\n').filter((line) => line === 'True').length >= crds.length;
    }, 120_000, 500);
    // Discovery catches up a little after Established.
    const kinds = crds.map((c) => (c.spec as { names: { kind: string } }).names.kind);
    await waitUntil('CRD kinds in discovery', async () => {
      const served = new Set((await kubectl.run(['api-resources', '--no-headers', '-o', 'wide'])).stdout.split(/\s+/));
      return kinds.every((k) => served.has(k));
    });
  });

  after(async () => {
    if (kubectl) {
      const selector = Object.entries(label).map(([k, v]) => `${k}=${v}`).join(',');
      await kubectl.run(['delete', 'crd', '-l', selector, '--wait=false']);
    }
    await releaseCluster(lease);
  });

  it('accepts the generated valid fixture of every bundled CRD kind (dry-run)', async () => {
    const store = bundledStore();
    const kinds = store.kinds('1.34').filter((k) => !k.origin.startsWith('Kubernetes'));
    const text = kinds.map((k) => stringify(instanceOf(k, store))).join('---\n');
    const r = await kubectl.run(['apply', '--server-side', '--field-manager=mlc-e2e-schemas', '--dry-run=server', '--namespace', 'default', '-f', '-'], { input: text, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split('\n').filter((l) => /\(server dry run\)$/.test(l)).length, kinds.length, r.stdout);
  });

  it('accepts every Kubernetes snippet expanded at its defaults (dry-run)', async () => {
    const snippets = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'kubernetes.json'), 'utf8')) as Record<string, { body: string[] }>;
    for (const [name, snippet] of Object.entries(snippets)) {
      const text = expandSnippet(snippet.body);
      const r = await kubectl.run(['apply', '--server-side', '--field-manager=mlc-e2e-schemas', '--dry-run=server', '--namespace', 'default', '-f', '-'], { input: text, timeoutMs: 120_000 });
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stdout.split('\n').filter((l) => /\(server dry run\)$/.test(l)).length, text.split(/^---$/m).length, `${name}: ${r.stdout}`);
    }
  });
});
