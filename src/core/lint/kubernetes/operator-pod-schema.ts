import type { SchemaDiagnostic } from '../../schemas/types';
import { validateEmbeddedPodSpecs } from '../../schemas/validate';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import { parseYaml } from '../yaml/parse';
import { documentObject } from './document-object';
import { objectDocuments } from './list-items';
import type { KubeObject } from './model';
import { apiGroupOf } from './operator-pods';
import type { ManifestSchemas } from './rule';

/** Knative's revision template is a PodSpec with these fields of Knative's own beside it. */
const knativeRevisionFields = new Set(['containerConcurrency', 'timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds']);

/**
 * The pod specs of an operator's object checked as the pods the operator will create (see
 * validateEmbeddedPodSpecs). With the operator's CRD schema at hand (bundled, or served by the
 * cluster), only what CRD schemas leave out: enums. Without one (Notebook, Rollout, Knative, Seldon,
 * Katib trials), everything but `required` (operators fill in container names and such). Values with
 * a `${…}` placeholder are substituted before the pods are made (Katib's trial parameters).
 */
export function operatorPodDiagnostics(file: YamlFile, document: YamlDocument, obj: KubeObject | undefined, schemas: ManifestSchemas): SchemaDiagnostic[] {
  if (!obj || obj.podSpecs.length === 0 || obj.apiVersion === undefined || obj.kind === undefined || schemas.store.isBuiltInGroup(obj.apiVersion)) {
    return [];
  }
  const withSchema = schemas.store.find(schemas.version, obj.apiVersion, obj.kind) !== undefined;
  const knative = apiGroupOf(obj.apiVersion) === 'serving.knative.dev';
  const specs = obj.podSpecs.map((p) => ({ node: p.spec, path: p.path }));
  return validateEmbeddedPodSpecs(document.doc, specs, schemas.store, schemas.version, { mergeKeys: file.text.includes('<<') }).filter((d) => {
    if (withSchema ? d.code !== 'enum' : d.code === 'required') {
      return false;
    }
    if (knative && d.code === 'unknown-field' && knativeRevisionFields.has(d.path.slice(d.path.lastIndexOf('.') + 1))) {
      return false;
    }
    return !file.text.slice(d.start, d.end).includes('${');
  });
}

/** The same for every object of a manifest text (the editor's schema diagnostics, which parse on their own). */
export function operatorPodSchemaDiagnostics(text: string, schemas: ManifestSchemas): SchemaDiagnostic[] {
  const file = parseYaml(text);
  const out: SchemaDiagnostic[] = [];
  for (const document of objectDocuments(file)) {
    if (document.skipped === undefined && document.doc.errors.length === 0) {
      out.push(...operatorPodDiagnostics(file, document, documentObject(file, document), schemas));
    }
  }
  return out;
}
