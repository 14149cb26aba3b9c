import { isTemplatePlaceholder } from '../placeholders';
import { distanceAtMost } from './closest';
import { likelyMeant } from './likely-meant';

/** A host name read as the cluster DNS name of a Service: the Service's name, and the namespace written with it. */
export interface ServiceHost {
  service: string;
  /** Written as `svc.ns`, `svc.ns.svc` or `svc.ns.svc.cluster.local`; unset for a bare `svc` (the pod's own namespace). */
  namespace?: string;
}

/** A Service's name is a DNS-1035 label: a letter first, at most 63 characters. */
const serviceNameRe = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A namespace's name is a DNS-1123 label. */
const namespaceRe = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** `redis-0`, `job-worker-1`: a StatefulSet pod's hostname or a per-replica Service an operator makes, not a misspelt Service. */
const replicaNameRe = /-\d+$/;
/** Words that host settings take and that name no host: `RAY_ADDRESS=auto`, `--master local`. */
const keywords: ReadonlySet<string> = new Set(['auto', 'default', 'none', 'null', 'true', 'false', 'local', 'any', 'all', 'self', 'disabled', 'enabled', 'unset']);

/** The labels after the namespace that still name a Service: none, `svc`, or `svc.cluster.local`. */
function serviceSuffix(labels: readonly string[]): boolean {
  const rest = labels.slice(2).join('.');
  return rest === '' || rest === 'svc' || rest === 'svc.cluster.local';
}

/**
 * The Service a (lowercased) host names, when it has a Service's form: `svc`, `svc.ns`, `svc.ns.svc`,
 * `svc.ns.svc.cluster.local`. Undefined for any other dotted name (an external host, a headless Service's pod record
 * `pod.svc.ns`), for names no Service can have, for replica names (`redis-0`), keywords and placeholders.
 */
export function serviceHostOf(host: string): ServiceHost | undefined {
  const labels = host.split('.');
  const [service = '', namespace] = labels;
  if (!serviceSuffix(labels) || !serviceNameRe.test(service) || replicaNameRe.test(service) || keywords.has(service) || isTemplatePlaceholder(service)) {
    return undefined;
  }
  if (namespace === undefined) {
    return { service };
  }
  return namespaceRe.test(namespace) ? { service, namespace } : undefined;
}

/** Services the control plane makes: `kubernetes` in `default`, the cluster DNS in `kube-system`. */
export function clusterMadeService(namespace: string, name: string): boolean {
  return (namespace === 'default' && name === 'kubernetes') || (namespace === 'kube-system' && name === 'kube-dns');
}

/** `vllm-llama-decode-svc` and `pd-llama-decode-svc`: the same words after a different first one (a release prefix). */
function prefixSwapped(name: string, other: string): boolean {
  const a = name.indexOf('-');
  const b = other.indexOf('-');
  const tail = name.slice(a + 1);
  return a > 0 && b > 0 && tail.includes('-') && tail === other.slice(b + 1);
}

/** Edits a name may be from another and still be a misspelling of it: none under 5 characters, 2 from 10. */
function editsAllowed(name: string): number {
  return name.length >= 10 ? 2 : name.length >= 5 ? 1 : 0;
}

/**
 * The names among `candidates` that `name` most likely misspells, nearest first (those at the least edit distance):
 * a few edits away, or the same words after a different first one. Names that differ from it only in dashes are two
 * objects more often than a typo (likelyMeant), and are left out.
 */
export function nearServiceNames(name: string, candidates: readonly string[]): string[] {
  const allowed = editsAllowed(name);
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name || likelyMeant(name, candidate) === undefined) {
      continue;
    }
    const swapped = prefixSwapped(name, candidate);
    const limit = swapped ? Math.max(name.length, candidate.length) : allowed;
    const distance = limit > 0 ? distanceAtMost(name, candidate, limit) : limit + 1;
    if (distance > limit || distance > bestDistance) {
      continue;
    }
    if (distance < bestDistance) {
      best = [];
      bestDistance = distance;
    }
    if (!best.includes(candidate)) {
      best.push(candidate);
    }
  }
  return best;
}
