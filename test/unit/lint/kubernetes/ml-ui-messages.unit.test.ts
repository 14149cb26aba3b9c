import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

describe('MLK420 messages', () => {
  const service = (ports: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: LoadBalancer\n  selector: {app: a}\n  ports:\n${ports}`;

  it('names a UI by its default port only as that port, since other servers listen there too', () => {
    // kubernetes-sigs/lws docs/examples/saxml/lws.yaml exposes SAX's HTTP server on 8888 and was told it exposes Jupyter.
    const messages = lintManifest(service('    - {port: 8888, targetPort: 8888}\n    - {name: dashboard, port: 80, targetPort: 3000}\n'))
      .findings.filter((f) => f.ruleId === 'MLK420')
      .map((f) => f.message);
    assert.deepEqual(messages, [
      'This LoadBalancer Service exposes port 8888, the default port of Jupyter, outside the cluster, and such UIs often have no authentication or allow code execution; use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else).',
      'This LoadBalancer Service exposes a port named "dashboard" outside the cluster, and such UIs often have no authentication or allow code execution; use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else).',
    ]);
  });

  it('reads the target port when the Service port is another (80 to the Ray dashboard)', () => {
    const [f] = lintManifest(service('    - {port: 80, targetPort: 8265}\n')).findings.filter((x) => x.ruleId === 'MLK420');
    assert.match(f?.message ?? '', /exposes port 8265, the default port of the Ray dashboard and Jobs API, outside the cluster/);
  });
});
