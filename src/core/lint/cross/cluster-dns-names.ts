import { objectNamed } from './kube';
import type { ObjectEntry, WorkspaceModel } from './model';

/** A Service with `clusterIP: None`: the cluster DNS gives its pods records of their own. */
export function isHeadless(svc: ObjectEntry): boolean {
  const view = svc.obj.view;
  return view.text(view.get(svc.obj.root, 'spec'), 'clusterIP') === 'None';
}

const svcSuffixRe = /\.svc(?:\.cluster\.local)?$/;

/** What makes a host name one only the cluster DNS resolves: a Service in scope, or a name under `.svc`. */
export interface ClusterDnsName {
  service?: ObjectEntry;
}

function headlessNamed(ws: WorkspaceModel, namespace: string, name: string, referrer: ObjectEntry): ObjectEntry | undefined {
  const svc = objectNamed(ws, 'Service', namespace, name, referrer);
  return svc && isHeadless(svc) ? svc : undefined;
}

/**
 * Whether a pod of `entry` dialling `host` asks the cluster DNS: `host` is a Service in scope (`svc` in the pod's
 * namespace, `svc.ns`), a pod of a headless one (`pod.svc`, `pod.svc.ns`), or a name under `.svc`
 * (`svc.ns.svc.cluster.local`). Undefined for any other name: the node's resolver may well know it.
 */
export function clusterDnsName(ws: WorkspaceModel, entry: ObjectEntry, host: string): ClusterDnsName | undefined {
  if (svcSuffixRe.test(host)) {
    return {};
  }
  const labels = host.split('.');
  const [first = '', second = '', third = ''] = labels;
  const service =
    labels.length === 1
      ? objectNamed(ws, 'Service', entry.namespace, first, entry)
      : labels.length === 2
        ? (objectNamed(ws, 'Service', second, first, entry) ?? headlessNamed(ws, entry.namespace, second, entry))
        : labels.length === 3
          ? headlessNamed(ws, third, second, entry)
          : undefined;
  return service ? { service } : undefined;
}
