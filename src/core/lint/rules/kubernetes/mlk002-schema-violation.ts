import type { KubernetesContext, KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { SchemaDiagnostic } from '../../../schemas/types';
import { validateDocuments } from '../../../schemas/validate';
import { operatorPodDiagnostics } from '../../kubernetes/operator-pod-schema';
import type { YamlFile } from '../../yaml/parse';
import { patchExcuses } from '../../kubernetes/kustomize';
import { finding } from './helpers';
import { apiChange, targetMinor } from './api-versions';
import { isTemplatePlaceholder } from '../../placeholders';

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

/** A document with `$patch`-style keys anywhere is a strategic-merge patch. */
function isPatch(text: string): boolean {
  return /^\s*-?\s*["']?\$(?:patch|setElementOrder|retainKeys|deleteFromPrimitiveList)/m.test(text);
}

/**
 * An error on a whole value that is a template placeholder (`$NUM_NODES`, `PLACEHOLDER_NUM_NODES`, `<num-nodes>`):
 * envsubst or sed fills it in before kubectl reads the file, and what it writes is what the API server gets. The quotes
 * of a quoted placeholder stay, so a quoted count stays a string (`"$REPLICAS"`), while a quoted enum value or base64
 * string (`<base64-encoded-token>`) is fine.
 */
function awaitsSubstitution(text: string, d: SchemaDiagnostic): boolean {
  const written = text.slice(d.start, d.end);
  if (d.code === 'type') {
    return isTemplatePlaceholder(written);
  }
  return (d.code === 'enum' || d.code === 'format') && isTemplatePlaceholder(written.replace(/^(["'])(.*)\1$/s, '$2'));
}

/** A removed kind at an apiVersion MLK003 knows (`policy/v1beta1` PodSecurityPolicy): MLK003 reports it on its apiVersion. */
function reportedAsRemovedApi(ctx: KubernetesContext, d: SchemaDiagnostic): boolean {
  const obj = ctx.object;
  return d.code === 'unknown-kind' && d.path === 'kind' && obj?.apiVersion !== undefined && obj.kind !== undefined && apiChange(obj.apiVersion, obj.kind) !== undefined;
}

/**
 * The target's schemas leave out an apiVersion the API server serves only where the provider enables it (DRA's
 * resource.k8s.io/v1beta1 at 1.34): MLK004 words that through the API-version table, and the object is checked against
 * the newest bundled minor that has that version instead, so errors inside it still show.
 */
function optInDiagnostics(ctx: KubernetesContext, diagnostics: SchemaDiagnostic[]): SchemaDiagnostic[] {
  const obj = ctx.object;
  const schemas = ctx.schemas;
  const notServed = diagnostics.findIndex((d) => d.code === 'api-version' && d.path === 'apiVersion');
  const optInFrom = obj?.apiVersion && obj.kind ? apiChange(obj.apiVersion, obj.kind)?.optInFrom : undefined;
  if (notServed < 0 || !obj?.apiVersion || !obj.kind || !schemas || optInFrom === undefined || targetMinor(ctx, 'MLK002').minor < optInFrom) {
    return diagnostics;
  }
  const { apiVersion, kind } = obj;
  const minorOf = (version: string): number => Number(/^1\.(\d+)/.exec(version)?.[1] ?? 0);
  const serving = schemas.store.versions.filter((v) => schemas.store.find(v, apiVersion, kind) !== undefined).sort((a, b) => minorOf(b) - minorOf(a))[0];
  const rest = diagnostics.filter((_, i) => i !== notServed);
  return serving === undefined ? rest : [...rest, ...validateDocuments([ctx.document], schemas.store, serving, { mergeKeys: ctx.file.text.includes('<<') })];
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
    const inDocument = diagnostics.length === 0 ? [] : optInDiagnostics(ctx, diagnostics.filter((d) => d.start >= from && d.start < to));
    for (const d of ctx.schemas ? operatorPodDiagnostics(ctx.file, ctx.document, ctx.object, ctx.schemas) : []) {
      if (!inDocument.some((o) => o.start === d.start && o.code === d.code)) {
        inDocument.push(d);
      }
    }
    if (inDocument.length === 0) {
      return out;
    }
    const patch = ctx.patch === true || isPatch(ctx.file.text.slice(from, to));
    for (const d of inDocument) {
      if ((patch && patchExcuses(d)) || awaitsSubstitution(ctx.file.text, d) || reportedAsRemovedApi(ctx, d)) {
        continue;
      }
      // commonLabels / includeSelectors write the selector the kustomization's build needs (kubebuilder's layout).
      if (ctx.kustomizeBuild?.selectors === true && d.code === 'required' && d.path.endsWith('spec.selector')) {
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
