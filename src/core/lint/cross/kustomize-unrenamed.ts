import type { ObjectEntry } from './model';

/**
 * The kinds whose name an HPA's `spec.scaleTargetRef.name` follows when kustomize renames them: its nameReference
 * transformer rewrites that field for these targets only (kustomize api/internal/konfig/builtinpluginconsts/namereference.go).
 */
const hpaTargetKindsRenamed: ReadonlySet<string> = new Set(['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet']);

/** Whether kustomize rewrites an HPA's scaleTargetRef to a workload of this kind when a namePrefix or nameSuffix renames it. */
export function hpaTargetRenamed(kind: string): boolean {
  return hpaTargetKindsRenamed.has(kind);
}

/**
 * The names kustomize gives `target` when `referrer` names it by its own name in a field kustomize does not rewrite
 * (a KEDA ScaledObject's scaleTargetRef, a VPA's targetRef, a GRPCRoute's backendRefs, an OpenShift Route's `to`):
 * every build that makes either renames both (namePrefix, nameSuffix), so the name written is none the target has
 * in the cluster. Undefined when the reference may hold.
 */
export function unrenamedReference(referrer: ObjectEntry, target: ObjectEntry, name: string): readonly string[] | undefined {
  const renamed = target.aliases;
  return target.obj.name === name && target.alwaysRenamed === true && referrer.alwaysRenamed === true && renamed !== undefined && !renamed.includes(name) ? renamed : undefined;
}

/** What to tell the author of an un-rewritten reference (see unrenamedReference). */
export function unrenamedAdvice(field: string, name: string, renamed: readonly string[]): string {
  const names = renamed.map((n) => `"${n}"`).join(' or ');
  return `kustomize's namePrefix/nameSuffix renames "${name}" to ${names} but does not rewrite ${field}, so the reference names nothing in the build; write the prefixed name, or add a nameReference configuration for this field.`;
}
