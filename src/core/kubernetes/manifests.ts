import { parseAllDocuments } from 'yaml';

/** One object of a manifest file, with where it came from for per-object reports. */
export interface ManifestObject {
  source: string;
  /** 1-based document number within the source. */
  document: number;
  object: KubeObject;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ManifestProblem {
  source: string;
  document: number;
  message: string;
}

export interface ParsedManifests {
  objects: ManifestObject[];
  problems: ManifestProblem[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function shapeProblem(v: Record<string, unknown>): string | undefined {
  if (typeof v.apiVersion !== 'string' || !v.apiVersion) {
    return 'apiVersion is missing';
  }
  if (typeof v.kind !== 'string' || !v.kind) {
    return 'kind is missing';
  }
  if (!isRecord(v.metadata) || typeof v.metadata.name !== 'string' || !v.metadata.name) {
    return `${v.kind} has no metadata.name (generateName is not supported by apply)`;
  }
  return undefined;
}

/**
 * The Kubernetes objects of a multi-document YAML (or JSON) file. `kind: List` is flattened; empty
 * documents are skipped; each unusable document becomes a problem so the others still go through.
 */
export function parseManifests(text: string, source: string): ParsedManifests {
  const objects: ManifestObject[] = [];
  const problems: ManifestProblem[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const document = i + 1;
    if (doc.errors.length > 0) {
      problems.push({ source, document, message: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}` });
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      return;
    }
    if (!isRecord(value)) {
      problems.push({ source, document, message: 'not a Kubernetes object (expected a mapping)' });
      return;
    }
    const items: unknown[] = value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      const problem = isRecord(item) ? shapeProblem(item) : 'not a Kubernetes object (expected a mapping)';
      if (problem || !isRecord(item)) {
        problems.push({ source, document, message: problem ?? 'not a Kubernetes object' });
      } else {
        objects.push({ source, document, object: item as KubeObject });
      }
    }
  });
  return { objects, problems };
}

/** Namespaces and CRDs first, so the objects that live in them or use them can be created after. */
export function applyOrder(objects: readonly ManifestObject[]): ManifestObject[] {
  const rank = (o: ManifestObject) => (o.object.kind === 'Namespace' ? 0 : o.object.kind === 'CustomResourceDefinition' ? 1 : 2);
  return objects.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i).map((x) => x.o);
}

export const isManifestFileName = (name: string): boolean => /\.(ya?ml|json)$/i.test(name);
