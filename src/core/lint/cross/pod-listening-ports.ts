import type { LabelledPod } from './kube';

const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const handlers = ['httpGet', 'tcpSocket', 'grpc'];
const numberRe = /^\d+$/;

/**
 * Numeric ports the pod's app containers listen on whether or not they declare them (a containerPort is informational):
 * those their probes check on the pod's own address, which the kubelet would otherwise fail (the pod never Ready, or
 * restarted), and the one its `prometheus.io/port` annotation has Prometheus scrape.
 */
export function podListeningPorts(p: LabelledPod): string[] {
  const view = p.entry.obj.view;
  const out: string[] = [];
  for (const c of p.pod.containers) {
    if (c.kind !== 'containers') {
      continue;
    }
    for (const probe of probes) {
      for (const handler of handlers) {
        const action = view.at(c.node, [probe, handler]);
        const port = view.text(action, 'port');
        if (port !== undefined && numberRe.test(port) && view.get(action, 'host') === undefined) {
          out.push(port);
        }
      }
    }
  }
  const scraped = view.text(view.get(p.pod.templateMetadata, 'annotations'), 'prometheus.io/port');
  if (scraped !== undefined && numberRe.test(scraped)) {
    out.push(scraped);
  }
  return out;
}
