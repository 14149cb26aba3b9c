/**
 * How the API server treats a repeated key in a list of one of Kubernetes' own kinds that its OpenAPI marks
 * `x-kubernetes-list-type: map` (a merge key for server-side apply): `any` when validation accepts every repeat (with a
 * warning at most, kubernetes/kubernetes#113482), `hostPort` when it rejects only repeats that bind the same host port.
 * Custom resources differ: the API server rejects any repeated key of a CRD's list-type map.
 */
export type Repeats = 'any' | 'hostPort';

/**
 * By field, the first list-map key: a container's env (the last entry wins, MLK007's case) and ports, a pod's
 * hostAliases and imagePullSecrets, a ServiceAccount's secrets, an object's ownerReferences. Not volumes, containers,
 * volumeMounts, volumeDevices, a Service's ports and the rest, whose repeats validation rejects.
 */
const repeatable: ReadonlyMap<string, { key: string; repeats: Repeats }> = new Map([
  ['env', { key: 'name', repeats: 'any' }],
  ['ports', { key: 'containerPort', repeats: 'hostPort' }],
  ['hostAliases', { key: 'ip', repeats: 'any' }],
  ['imagePullSecrets', { key: 'name', repeats: 'any' }],
  ['secrets', { key: 'name', repeats: 'any' }],
  ['ownerReferences', { key: 'uid', repeats: 'any' }],
]);

/** What a built-in kind's list at `field` with these list-map keys lets repeat; undefined: no repeated key. */
export function builtInRepeats(field: string | number | undefined, keys: readonly string[]): Repeats | undefined {
  const entry = typeof field === 'string' ? repeatable.get(field) : undefined;
  return entry !== undefined && entry.key === keys[0] ? entry.repeats : undefined;
}

/**
 * The keys under which a repeat of a container's containerPort and protocol is rejected: the entries also bind the same
 * hostPort and hostIP, which the API server's host-port check refuses. An entry without a hostPort binds none. Clashes
 * that are no repeated entry (two containers, two containerPorts, a protocol left to its default, the host network's
 * implied host ports) are MLK011's.
 */
export const hostPortKeys: readonly string[] = ['containerPort', 'protocol', 'hostPort', 'hostIP'];
