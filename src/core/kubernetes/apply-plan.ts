import { stringify } from 'yaml';
import type { KubeObject, ManifestObject } from './manifests';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged' | 'failed';

/** One object after the server-side dry-run: what the server would store, or why it refused. */
export type PlannedObject = ManifestObject & { ref: string } & (
  | { ok: true; live: KubeObject | undefined; result: KubeObject; outcome: Exclude<ApplyOutcome, 'failed'> }
  | { ok: false; message: string }
);

export interface AppliedObject {
  ref: string;
  source: string;
  document: number;
  outcome: ApplyOutcome;
  message?: string;
}

/** "Deployment ns/name" (or "Namespace name" for cluster-scoped objects). */
export function objectRef(o: { kind: string; metadata?: { name?: string; namespace?: string } }): string {
  const ns = o.metadata?.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '?'}`;
}

const serverOwnedMetadata = ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

/** The object without what the server owns (status, bookkeeping metadata): what a diff should show. */
export function comparable(o: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...o };
  delete rest.status;
  delete rest.metadata;
  const meta: Record<string, unknown> = { ...o.metadata };
  for (const k of serverOwnedMetadata) {
    delete meta[k];
  }
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined) {
    const others = { ...annotations };
    delete others['kubectl.kubernetes.io/last-applied-configuration'];
    meta.annotations = Object.keys(others).length ? others : undefined;
  }
  return JSON.parse(JSON.stringify({ ...rest, metadata: meta })) as Record<string, unknown>;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

/** created when nothing was live; unchanged when the dry-run result equals the live object. */
export function dryRunOutcome(live: KubeObject | undefined, result: KubeObject): Exclude<ApplyOutcome, 'failed'> {
  if (!live) {
    return 'created';
  }
  return canonical(comparable(live)) === canonical(comparable(result)) ? 'unchanged' : 'configured';
}

/**
 * After the real apply: a resourceVersion the server did not bump means nothing changed. A bumped one
 * with the same object apart from status and bookkeeping means a controller wrote the status between the
 * read and the apply (a Deployment just created is still rolling out): unchanged too.
 */
export function appliedOutcome(live: KubeObject | undefined, stored: KubeObject): Exclude<ApplyOutcome, 'failed'> {
  if (!live) {
    return 'created';
  }
  const before = live.metadata.resourceVersion;
  if (before !== undefined && before === stored.metadata.resourceVersion) {
    return 'unchanged';
  }
  return canonical(comparable(live)) === canonical(comparable(stored)) ? 'unchanged' : 'configured';
}

/** Both sides of the diff shown before applying: live objects and what the dry-run says they become. */
export function diffDocuments(plan: readonly PlannedObject[]): { live: string; applied: string } | undefined {
  const changed = plan.filter((p): p is PlannedObject & { ok: true } => p.ok && p.outcome !== 'unchanged');
  if (!changed.some((p) => p.live)) {
    return undefined;
  }
  const doc = (p: PlannedObject & { ok: true }, o: KubeObject | undefined) => `# ${p.ref}\n${o ? stringify(comparable(o), { sortMapEntries: true }) : '# (does not exist yet)\n'}`;
  return {
    live: changed.map((p) => doc(p, p.live)).join('---\n'),
    applied: changed.map((p) => doc(p, p.result)).join('---\n'),
  };
}

const where = (x: { source: string; document: number }) => `${x.source}#${x.document}`;

/** The dry-run as lines for the report: one per object, failures with the server's message. */
export function planReport(plan: readonly PlannedObject[]): string[] {
  return plan.map((p) => (p.ok ? `  ${p.outcome === 'created' ? 'would create' : p.outcome === 'configured' ? 'would configure' : 'unchanged'}  ${p.ref}` : `  FAILED  ${p.ref} (${where(p)}): ${p.message}`));
}

export function applyReport(results: readonly AppliedObject[]): string[] {
  return results.map((r) => `  ${r.outcome}  ${r.ref}${r.outcome === 'failed' ? ` (${where(r)}): ${r.message ?? ''}` : ''}`);
}

export function summarize(counts: readonly { outcome: ApplyOutcome }[]): string {
  const n = (o: ApplyOutcome) => counts.filter((c) => c.outcome === o).length;
  return (['created', 'configured', 'unchanged', 'failed'] as const).filter((o) => n(o) > 0).map((o) => `${n(o)} ${o}`).join(', ') || 'nothing to apply';
}
