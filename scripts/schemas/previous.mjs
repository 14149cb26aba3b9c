// The Kubernetes sets and Compose schema of the bundle already in schemas/, for regenerating only the CRDs
// (`--crds-only`): 1.34 comes from the test cluster's API server, which need not be up for a CRD change.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Definitions the generator adds for CRDs: each kind's root and the subtrees dedupe.mjs shares among them. */
const isCrdDefinition = (name, crdRoots) => crdRoots.has(name) || name.startsWith('shared.');

/**
 * From schemas/: { kubernetes (bundle entries), manifestKubernetes, definitions (the Kubernetes ones only),
 * compose (schema), composeSource }.
 */
export function previousBundle(dir) {
  const read = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const bundle = read('kubernetes.json');
  const manifest = read('manifest.json');
  const crdRoots = new Set(bundle.crds.flatMap((c) => c.kinds.map((k) => k.ref)));
  return {
    kubernetes: bundle.kubernetes,
    manifestKubernetes: manifest.kubernetes,
    definitions: Object.fromEntries(Object.entries(bundle.definitions).filter(([name]) => !isCrdDefinition(name, crdRoots))),
    compose: read('compose.json'),
    composeSource: manifest.compose.source,
  };
}
