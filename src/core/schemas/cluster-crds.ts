import type { KindRef, Schema } from './types';

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition that schemas need. */
export interface ServedCrd {
  metadata: { name: string; resourceVersion: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

/** CRD schemas a cluster serves, for one kubeconfig context. */
export interface ClusterCrds {
  context: string;
  crds: ServedCrd[];
}

const objectMetaRef = 'meta.v1.ObjectMeta';
const statusStub: Schema = { type: 'object', description: 'Most recently observed status, written by the system.', 'x-kubernetes-preserve-unknown-fields': true };

/** Keeps only what validation, completion and hover read, so the on-disk cache stays small. */
export function trimCrd(crd: ServedCrd): ServedCrd {
  const { metadata, spec } = crd;
  return {
    metadata: { name: metadata.name, resourceVersion: metadata.resourceVersion },
    spec: {
      group: spec.group,
      scope: spec.scope,
      names: { kind: spec.names.kind },
      versions: spec.versions.map((v) => ({ name: v.name, served: v.served, ...(v.schema?.openAPIV3Schema ? { schema: { openAPIV3Schema: v.schema.openAPIV3Schema } } : {}) })),
    },
  };
}

export function isServedCrd(value: unknown): value is ServedCrd {
  const c = value as Partial<ServedCrd> | null;
  return typeof c?.metadata?.name === 'string' && typeof c.metadata.resourceVersion === 'string' && typeof c.spec?.group === 'string' &&
    typeof c.spec.names?.kind === 'string' && Array.isArray(c.spec.versions);
}

/**
 * Kinds and definitions for the served versions of cluster CRDs, under refs `cluster/<group>/<version>/<Kind>`.
 * Versions without a schema are left out: validating them against nothing would only mislead.
 */
export function clusterKinds(crds: readonly ServedCrd[]): { kinds: KindRef[]; definitions: Record<string, Schema> } {
  const kinds: KindRef[] = [];
  const definitions: Record<string, Schema> = {};
  for (const crd of crds) {
    for (const v of crd.spec.versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (!v.served || !schema) {
        continue;
      }
      const apiVersion = `${crd.spec.group}/${v.name}`;
      const ref = `cluster/${apiVersion}/${crd.spec.names.kind}`;
      // The API server adds apiVersion, kind and metadata to every CRD schema; hand-written CRDs often leave them out.
      const properties: Record<string, Schema> = {
        apiVersion: { type: 'string', description: 'The versioned schema of this object.' },
        kind: { type: 'string', description: 'The kind of this object.' },
        ...schema.properties,
        metadata: { $ref: objectMetaRef, description: 'Standard object metadata.' },
      };
      if (properties.status) {
        properties.status = statusStub;
      }
      definitions[ref] = { ...schema, type: 'object', properties, required: [...new Set(['apiVersion', 'kind', ...(schema.required ?? [])])] };
      kinds.push({ apiVersion, kind: crd.spec.names.kind, namespaced: crd.spec.scope === 'Namespaced', ref });
    }
  }
  return { kinds, definitions };
}
