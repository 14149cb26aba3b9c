import * as assert from 'node:assert/strict';
import { lintTree } from './lint-tree';

/** A Deployment declaring containerPort 8000, with `probes` (lines under the container) and pod `annotations`. */
function deployment(options: { probes?: readonly string[]; annotations?: string } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: llama3}',
    'spec:',
    '  selector: {matchLabels: {app: llama3}}',
    '  template:',
    '    metadata:',
    '      labels: {app: llama3}',
    ...(options.annotations !== undefined ? [`      annotations: {${options.annotations}}`] : []),
    '    spec:',
    '      containers:',
    '        - name: server',
    '          image: registry.example/trtllm:1.0',
    '          ports: [{name: http, containerPort: 8000}]',
    ...(options.probes ?? []).map((l) => `          ${l}`),
    '',
  ].join('\n');
}

/** A Service sending each of `targets` to that targetPort. */
const service = (...targets: number[]) =>
  ['apiVersion: v1', 'kind: Service', 'metadata: {name: llama3}', 'spec:', '  selector: {app: llama3}', '  ports:', ...targets.map((t) => `    - {name: p${t}, port: ${t}, targetPort: ${t}}`), ''].join('\n');

function mlx007(deploymentText: string, serviceText: string) {
  return lintTree({ 'app/deployment.yaml': deploymentText, 'app/service.yaml': serviceText }).filter((f) => f.ruleId === 'MLX007');
}

describe('MLX007: a numeric targetPort the pods’ probes or prometheus.io/port use is a port they listen on', () => {
  it('no finding for a port an httpGet, tcpSocket or grpc probe (liveness, readiness, startup) checks', () => {
    for (const probe of ['readinessProbe: {httpGet: {path: /healthz, port: 8080}}', 'livenessProbe: {tcpSocket: {port: 8080}}', 'startupProbe: {grpc: {port: 8080}}']) {
      assert.deepEqual(mlx007(deployment({ probes: [probe] }), service(8000, 8080)), [], probe);
    }
  });

  it('no finding for the port the pod’s prometheus.io/port annotation has Prometheus scrape', () => {
    assert.deepEqual(mlx007(deployment({ annotations: 'prometheus.io/scrape: "true", prometheus.io/port: "8080"' }), service(8000, 8080)), []);
  });

  it('still reports a port nothing shows the pods listening on, with no fix once they listen on two ports', () => {
    const found = mlx007(deployment({ probes: ['readinessProbe: {httpGet: {path: /healthz, port: 8080}}'] }), service(8000, 8080, 8002));
    assert.deepEqual(
      found.map((f) => `${f.range.start.line}: ${f.message}`),
      ['9: targetPort 8002 matches no containerPort of the selected pods (they declare 8000 and also listen on 8080); use the port the container listens on.'],
    );
    assert.equal(found[0]?.fix, undefined, 'not rewritten to 8000: the pods listen on 8080 as well');
  });

  it('a probe that checks another host, or a named probe port, shows nothing about the pod', () => {
    const found = mlx007(deployment({ probes: ['readinessProbe: {httpGet: {host: 10.0.0.1, path: /healthz, port: 8080}}', 'livenessProbe: {tcpSocket: {port: http}}'] }), service(8080));
    assert.deepEqual(found.map((f) => f.fix?.title), ['Use targetPort 8000']);
  });
});
