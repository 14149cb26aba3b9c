import { appliedOutcome, dryRunOutcome, objectRef, type AppliedObject, type PlannedObject } from '../../core/kubernetes/apply-plan';
import { applyOrder, type KubeObject, type ManifestObject } from '../../core/kubernetes/manifests';
import type { ClusterClient } from './cluster-client';

type ApplyClient = Pick<ClusterClient, 'resourceOf' | 'readObject' | 'applyObject'>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The object as it will be sent: namespaced kinds without a namespace get the default one. */
async function placed(client: ApplyClient, o: KubeObject, defaultNamespace: string): Promise<KubeObject> {
  const info = await client.resourceOf(o.apiVersion, o.kind);
  if (!info) {
    throw new Error(`the server does not serve ${o.kind} in ${o.apiVersion} (is its CRD installed?)`);
  }
  const metadata = { ...o.metadata };
  if (info.namespaced) {
    metadata.namespace ??= defaultNamespace;
  } else {
    delete metadata.namespace;
  }
  return { ...o, metadata };
}

const keyOf = (o: KubeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) });

/**
 * Server-side dry-run of every object, one at a time (namespaces and CRDs first): each gets its own
 * outcome or the server's refusal, so one bad object never hides the others.
 */
export async function planApply(client: ApplyClient, objects: readonly ManifestObject[], defaultNamespace: string): Promise<PlannedObject[]> {
  const plan: PlannedObject[] = [];
  const newNamespaces = new Set<string>();
  for (const m of applyOrder(objects)) {
    let object = m.object;
    try {
      object = await placed(client, m.object, defaultNamespace);
      const live = await client.readObject(keyOf(object));
      const result = await client.applyObject(object, { dryRun: true });
      const outcome = dryRunOutcome(live, result);
      if (object.kind === 'Namespace' && outcome === 'created') {
        newNamespaces.add(object.metadata.name);
      }
      plan.push({ ...m, object, ref: objectRef(object), ok: true, live, result, outcome });
    } catch (err) {
      const ns = object.metadata.namespace;
      // A namespace this same apply creates cannot hold a dry-run object yet: it will be created.
      if (ns && newNamespaces.has(ns) && /namespaces? "?[^"]*"? not found/i.test(messageOf(err))) {
        plan.push({ ...m, object, ref: objectRef(object), ok: true, live: undefined, result: object, outcome: 'created' });
      } else {
        plan.push({ ...m, object, ref: objectRef(object), ok: false, message: messageOf(err) });
      }
    }
  }
  return plan;
}

/** The real server-side apply of the objects that passed the dry-run; the others are reported failed. */
export async function applyPlanned(client: ApplyClient, plan: readonly PlannedObject[], onResult?: (r: AppliedObject) => void): Promise<AppliedObject[]> {
  const results: AppliedObject[] = [];
  for (const p of plan) {
    const base = { ref: p.ref, source: p.source, document: p.document };
    let r: AppliedObject;
    if (!p.ok) {
      r = { ...base, outcome: 'failed', message: `not applied: the dry-run failed: ${p.message}` };
    } else {
      try {
        const live = await client.readObject(keyOf(p.object));
        const stored = await client.applyObject(p.object, { dryRun: false });
        r = { ...base, outcome: appliedOutcome(live, stored) };
      } catch (err) {
        r = { ...base, outcome: 'failed', message: messageOf(err) };
      }
    }
    results.push(r);
    onResult?.(r);
  }
  return results;
}
