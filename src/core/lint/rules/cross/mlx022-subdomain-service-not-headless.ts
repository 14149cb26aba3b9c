import { isHeadless } from '../../cross/cluster-dns-names';
import { indexKind, objectNamedAppliedWith } from '../../cross/kube';
import type { ObjectEntry } from '../../cross/model';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { PodSpecRef } from '../../kubernetes/model';

/**
 * Kinds whose pods keep the template's subdomain. A StatefulSet sets it to its serviceName (MLX013 checks that one);
 * LeaderWorkerSet, JobSet and the training operators set their own.
 */
const subdomainKinds: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

/** The pod gets a hostname, so a record of its own is asked for: `hostname`, or an Indexed Job's `<job>-<index>`. */
function hasHostname(entry: ObjectEntry, pod: PodSpecRef): boolean {
  const view = entry.obj.view;
  return view.text(pod.spec, 'hostname') !== undefined || view.text(pod.jobFields, 'completionMode') === 'Indexed';
}

/**
 * Kubernetes, "DNS for Services and Pods", Pod's hostname and subdomain fields: "If there exists a headless service in
 * the same namespace as the pod and with the same name as the subdomain, the cluster's DNS Server also returns an A or
 * AAAA record for the Pod's fully qualified hostname." The DNS specification asks for those records only of a headless
 * Service; kube-dns keeps to that, CoreDNS also answers for a Service with a cluster IP, so the name works on some
 * clusters only. A pod without a hostname gets no such record either way: silent.
 */
export const rule: CrossRule = {
  meta: {
    id: 'MLX022',
    name: 'subdomain-service-not-headless',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: "A pod template with a hostname sets subdomain to a Service in scope that is not headless (no clusterIP: None): the DNS specification gives the pods' <hostname>.<subdomain> records only for a headless Service.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const entry of ws.objects) {
      const kind = entry.obj.kind;
      if (kind === undefined || !subdomainKinds.has(kind) || indexKind(kind, entry.obj.apiVersion) !== kind) {
        continue;
      }
      const view = entry.obj.view;
      for (const pod of entry.obj.podSpecs) {
        const name = view.text(pod.spec, 'subdomain');
        const range = name !== undefined ? view.valueRange(pod.spec, 'subdomain') : undefined;
        const svc = name !== undefined && range && hasHostname(entry, pod) ? objectNamedAppliedWith(ws, 'Service', entry.namespace, name, entry) : undefined;
        if (!range || !svc || isHeadless(svc)) {
          continue;
        }
        out.push({
          path: entry.path,
          range,
          object: entry.obj,
          message: `subdomain "${name ?? ''}" names Service ${svc.obj.name ?? ''}, which is not headless: the Kubernetes DNS specification gives the pods' <hostname>.${name ?? ''}.${entry.namespace}.svc records only for a headless Service, so kube-dns serves none and only CoreDNS answers. Make the Service headless (clusterIP: None; recreate it, the field is immutable) or point subdomain at a headless Service that selects these pods.`,
          related: { file: svc.path, range: svc.obj.anchor, message: 'the Service that is not headless' },
        });
      }
    }
    return out;
  },
};
