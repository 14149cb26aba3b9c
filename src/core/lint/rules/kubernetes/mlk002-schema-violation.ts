import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { SchemaDiagnostic } from '../../../schemas/types';
import { validateDocuments, validateEmbeddedPodSpecs } from '../../../schemas/validate';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlFile } from '../../yaml/parse';
import { patchExcuses } from '../../kubernetes/kustomize';
import { finding } from './helpers';

/**
 * One validation per file and schema set, over the documents the linter parsed (templates and alias
 * bombs left out), kept on the file: a WeakMap keyed by short-lived files kept their parse trees alive
 * through the young generation's collections (see document-object.ts).
 */
const validated = Symbol('schemaDiagnostics');
type ValidatedFile = YamlFile & { [validated]?: { key: object; version: string; diagnostics: SchemaDiagnostic[] } };

function diagnosticsFor(ctx: KubernetesContext): SchemaDiagnostic[] {
  const schemas = ctx.schemas;
  if (!schemas) {
    return [];
  }
  const file = ctx.file as ValidatedFile;
  const hit = file[validated];
  if (hit && hit.key === schemas.store && hit.version === schemas.version) {
    return hit.diagnostics;
  }
  const diagnostics = validateDocuments(ctx.file.documents.filter((d) => d.skipped === undefined), schemas.store, schemas.version, { mergeKeys: ctx.file.text.includes('<<') });
  file[validated] = { key: schemas.store, version: schemas.version, diagnostics };
  return diagnostics;
}

/** Knative's revision template is a PodSpec with these fields of Knative's own beside it. */
const knativeRevisionFields = new Set(['containerConcurrency', 'timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds']);

/**
 * The pod specs of an operator's object checked as the pods the operator will create (see
 * validateEmbeddedPodSpecs). With the operator's CRD schema at hand (bundled, or served by the
 * cluster), only what CRD schemas leave out: enums. Without one (Notebook, Rollout, Knative, Seldon,
 * Katib trials), everything but `required` (operators fill in container names and such). Values with
 * a `${…}` placeholder are substituted before the pods are made (Katib's trial parameters).
 */
function embeddedPodDiagnostics(ctx: KubernetesContext): SchemaDiagnostic[] {
  const obj = ctx.object;
  const schemas = ctx.schemas;
  if (!schemas || !obj || obj.podSpecs.length === 0 || obj.apiVersion === undefined || obj.kind === undefined || schemas.store.isBuiltInGroup(obj.apiVersion)) {
    return [];
  }
  const withSchema = schemas.store.find(schemas.version, obj.apiVersion, obj.kind) !== undefined;
  const knative = apiGroupOf(obj.apiVersion) === 'serving.knative.dev';
  const specs = obj.podSpecs.map((p) => ({ node: p.spec, path: p.path }));
  return validateEmbeddedPodSpecs(ctx.document.doc, specs, schemas.store, schemas.version, { mergeKeys: ctx.file.text.includes('<<') }).filter((d) => {
    if (withSchema ? d.code !== 'enum' : d.code === 'required') {
      return false;
    }
    if (knative && d.code === 'unknown-field' && knativeRevisionFields.has(d.path.slice(d.path.lastIndexOf('.') + 1))) {
      return false;
    }
    return !ctx.file.text.slice(d.start, d.end).includes('${');
  });
}

/** A document with `$patch`-style keys anywhere is a strategic-merge patch. */
function isPatch(text: string): boolean {
  return /^\s*-?\s*["']?\$(?:patch|setElementOrder|retainKeys|deleteFromPrimitiveList)/m.test(text);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK002',
    name: 'schema-violation',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['schema-validation'] },
    description: 'A document fails the schema of its apiVersion/kind at the target Kubernetes version.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const diagnostics = diagnosticsFor(ctx);
    const [from, to] = ctx.document.offsets;
    const inDocument = diagnostics.length === 0 ? [] : diagnostics.filter((d) => d.start >= from && d.start < to);
    for (const d of embeddedPodDiagnostics(ctx)) {
      if (!inDocument.some((o) => o.start === d.start && o.code === d.code)) {
        inDocument.push(d);
      }
    }
    if (inDocument.length === 0) {
      return out;
    }
    const patch = ctx.patch === true || isPatch(ctx.file.text.slice(from, to));
    for (const d of inDocument) {
      if (patch && patchExcuses(d)) {
        continue;
      }
      const start = ctx.file.lineCounter.linePos(d.start);
      const end = ctx.file.lineCounter.linePos(Math.max(d.end, d.start + 1));
      const message = d.path !== '' ? `${d.path}: ${d.message}` : d.message;
      out.push(finding({ start: { line: start.line, column: start.col }, end: { line: end.line, column: end.col } }, message));
    }
    return out;
  },
};
