// Generates schemas/: Kubernetes kinds for several minors, ML operator CRDs and the Compose spec.
// Usage: node scripts/gen-schemas.mjs [--kubeconfig PATH] [--no-server] [--crds-only]
//   1.34 comes from the test cluster's /openapi/v3 (scripts/cluster/up.sh); with --no-server, or when the
//   cluster is not reachable, from the k8s.io/kubernetes module. Older minors always come from the module.
//   --crds-only regenerates the CRDs alone: the Kubernetes sets and compose.json stay as schemas/ has them.
// Output: schemas/kubernetes.json (kinds of every minor and the CRDs over one pool of shared definitions),
// schemas/compose.json, schemas/manifest.json (where every schema came from and its version).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { crdKinds, operators } from './schemas/crds.mjs';
import { dedupeSubtrees } from './schemas/dedupe.mjs';
import { mergeVersions } from './schemas/merge.mjs';
import { fromOpenApiDocuments, reachable } from './schemas/openapi.mjs';
import { previousBundle } from './schemas/previous.mjs';
import { goModule, moduleOpenApi, serverOpenApi } from './schemas/sources.mjs';
import { volcano, volcanoCrdDir } from './schemas/volcano.mjs';

const args = process.argv.slice(2);
const kubeconfig = args.includes('--kubeconfig') ? args[args.indexOf('--kubeconfig') + 1] : join(homedir(), '.cache/ml-containers/cluster/kubeconfig');
const useServer = !args.includes('--no-server');
const crdsOnly = args.includes('--crds-only');
const minors = [{ id: '1.34', module: 'v1.34' }, { id: '1.33', module: 'v1.33' }, { id: '1.32', module: 'v1.32' }];
const outDir = join(import.meta.dirname, '..', 'schemas');
const log = (m) => console.error(`gen-schemas: ${m}`);
const previous = crdsOnly ? previousBundle(outDir) : undefined;

async function kubernetes(minor) {
  if (minor.id === '1.34' && useServer) {
    try {
      const { version, docs } = await serverOpenApi(kubeconfig);
      if (version.startsWith(`v${minor.id}.`)) {
        return { ...fromOpenApiDocuments(docs), source: { kind: 'api-server', url: '/openapi/v3', version } };
      }
      log(`the cluster serves ${version}, not ${minor.id}: using the module`);
    } catch (err) {
      log(`test cluster not reachable (${err.message}): using the module for ${minor.id}`);
    }
  }
  const info = goModule('k8s.io/kubernetes', minor.module);
  return { ...fromOpenApiDocuments(moduleOpenApi(info.Dir)), source: { kind: 'go-module', module: 'k8s.io/kubernetes', path: 'api/openapi-spec/v3', version: info.Version } };
}

/** The Kubernetes sets: { definitions, bundle (kubernetes.json entries), manifest (manifest.json entries) }. */
async function kubernetesSets() {
  if (previous) {
    log(`Kubernetes ${previous.kubernetes.map((v) => v.id).join(', ')} kept from schemas/`);
    return { definitions: previous.definitions, bundle: previous.kubernetes, manifest: previous.manifestKubernetes };
  }
  const built = [];
  for (const minor of minors) {
    const k = await kubernetes(minor);
    log(`${minor.id}: ${k.kinds.length} kinds from ${k.source.kind} ${k.source.version}`);
    built.push({ id: minor.id, definitions: k.definitions, kinds: k.kinds, source: k.source });
  }
  const merged = mergeVersions(built);
  return {
    definitions: merged.definitions,
    bundle: merged.versions.map((v, i) => ({ id: v.id, version: built[i].source.version, from: built[i].source.kind, kinds: v.kinds })),
    manifest: built.map((b) => ({ id: b.id, source: b.source, kinds: b.kinds.length })),
  };
}

const sets = await kubernetesSets();
const definitions = sets.definitions;

const crdSchemas = {};
const crdSources = [];
for (const op of operators) {
  const info = goModule(op.module, op.version);
  const kinds = [];
  for (const file of op.files) {
    for (const k of crdKinds(join(info.Dir, file), 'meta.v1.ObjectMeta', op.webhookDefaults)) {
      const ref = `${op.id}.${k.apiVersion}/${k.kind}`;
      crdSchemas[ref] = k.schema;
      kinds.push({ apiVersion: k.apiVersion, kind: k.kind, namespaced: k.namespaced, ref });
    }
  }
  crdSources.push({ id: op.id, source: { kind: 'go-module', module: op.module, version: info.Version, files: op.files }, kinds });
  log(`${op.id}: ${kinds.length} kinds from ${op.module}@${info.Version}`);
}
{
  const dir = volcanoCrdDir();
  const kinds = [];
  for (const file of volcano.files) {
    for (const k of crdKinds(join(dir, file), 'meta.v1.ObjectMeta')) {
      const ref = `${volcano.id}.${k.apiVersion}/${k.kind}`;
      crdSchemas[ref] = k.schema;
      kinds.push({ apiVersion: k.apiVersion, kind: k.kind, namespaced: k.namespaced, ref });
    }
  }
  const { module, version, generator, packages, files } = volcano;
  crdSources.push({ id: volcano.id, source: { kind: 'controller-gen', module, version, generator: `${generator.module}@${generator.version} ${generator.args}`, packages, files }, kinds });
  log(`${volcano.id}: ${kinds.length} kinds generated from ${module}@${version} by controller-gen ${generator.version}`);
}
dedupeSubtrees(crdSchemas, definitions);
Object.assign(definitions, crdSchemas);
const roots = [...sets.bundle.flatMap((v) => v.kinds.map((k) => k.ref)), ...crdSources.flatMap((o) => o.kinds.map((k) => k.ref))];
const bundle = {
  kubernetes: sets.bundle,
  crds: crdSources.map((o) => ({ id: o.id, version: o.source.version, kinds: o.kinds })),
  definitions: reachable(definitions, roots),
};

function composeSchema() {
  if (previous) {
    return { schema: previous.compose, source: previous.composeSource };
  }
  const compose = goModule('github.com/compose-spec/compose-go/v2', 'latest');
  return {
    schema: JSON.parse(readFileSync(join(compose.Dir, 'schema/compose-spec.json'), 'utf8')),
    source: { kind: 'go-module', module: 'github.com/compose-spec/compose-go/v2', path: 'schema/compose-spec.json', version: compose.Version },
  };
}
const compose = composeSchema();

mkdirSync(outDir, { recursive: true });
const write = (name, value) => {
  const text = JSON.stringify(value);
  writeFileSync(join(outDir, name), text);
  log(`${name}: ${(text.length / 1024).toFixed(0)} KiB, ${(gzipSync(text).length / 1024).toFixed(0)} KiB gzipped`);
};
write('kubernetes.json', bundle);
write('compose.json', compose.schema);
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify({
  kubernetes: sets.manifest,
  crds: crdSources.map((o) => ({ id: o.id, source: o.source, kinds: o.kinds.map((k) => `${k.apiVersion}/${k.kind}`) })),
  compose: { source: compose.source },
}, null, 2)}\n`);
