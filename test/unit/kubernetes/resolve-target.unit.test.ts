import * as assert from 'node:assert/strict';
import type { Pod, Service, Workload } from '../../../src/core/kubernetes/objects';
import { resolveTarget } from '../../../src/infra/kubernetes/resolve-target';
import { pod } from './fixtures';

function client(objects: { pods?: Pod[]; workloads?: Record<string, Workload>; services?: Record<string, Service> }) {
  const seen: (string | undefined)[] = [];
  return {
    seen,
    readPod: (_ns: string, name: string) => Promise.resolve(objects.pods?.find((p) => p.metadata?.name === name)),
    readWorkload: (_k: string, _ns: string, name: string) => Promise.resolve(objects.workloads?.[name]),
    readService: (_ns: string, name: string) => Promise.resolve(objects.services?.[name]),
    listPods: (_ns?: string, selector?: string) => {
      seen.push(selector);
      return Promise.resolve(objects.pods ?? []);
    },
  };
}

describe('infra/kubernetes/resolve-target', () => {
  const web = pod('web-1', { node: 'cpu-0' });
  web.spec!.containers[0]!.ports = [{ name: 'http', containerPort: 8080 }];

  it('a pod resolves to itself only while ready', async () => {
    assert.deepEqual(await resolveTarget(client({ pods: [web] }), { kind: 'pod', namespace: 'ml', name: 'web-1' }, 8080), { pod: 'web-1', port: 8080 });
    assert.equal(await resolveTarget(client({ pods: [pod('p')] }), { kind: 'pod', namespace: 'ml', name: 'p' }, 8080), undefined);
  });

  it('a Deployment resolves through its selector to a ready pod; a deleted one is an error', async () => {
    const c = client({ pods: [pod('starting'), web], workloads: { web: { spec: { selector: { matchLabels: { app: 'web' } } } } } });
    assert.deepEqual(await resolveTarget(c, { kind: 'Deployment', namespace: 'ml', name: 'web' }, 8080), { pod: 'web-1', port: 8080 });
    assert.deepEqual(c.seen, ['app=web']);
    await assert.rejects(resolveTarget(c, { kind: 'Deployment', namespace: 'ml', name: 'gone' }, 8080), /Deployment ml\/gone no longer exists/);
  });

  it('a Service maps its port to the pod\'s named target port', async () => {
    const svc: Service = { spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } };
    assert.deepEqual(await resolveTarget(client({ pods: [web], services: { web: svc } }), { kind: 'Service', namespace: 'ml', name: 'web' }, 80), { pod: 'web-1', port: 8080 });
    await assert.rejects(resolveTarget(client({ pods: [web], services: { ext: { spec: { ports: [{ port: 80 }] } } } }), { kind: 'Service', namespace: 'ml', name: 'ext' }, 80), /has no selector/);
  });
});
