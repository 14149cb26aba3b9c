import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** The readinessProbe MLK415's quick fix adds to the manifest's one serving container. */
function probeFix(text: string): string {
  const [finding] = lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === 'MLK415');
  assert.ok(finding, 'MLK415 reports the container');
  return finding.fix?.edits[0]?.newText ?? '';
}

describe("MLK415 probes TEI's /health on its HTTP port, not its Prometheus port", () => {
  // A TEI Deployment as in prokube-ai/kubeflow-examples serving/hf-text-embeddings-inference/embeddings.yaml, declaring
  // TEI's Prometheus port (--prometheus-port, default 9000) before its HTTP one (the image's PORT=80, or --port).
  const deployment = (args: string, httpPort: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: text-embeddings-inference}
spec:
  selector: {matchLabels: {app: text-embeddings}}
  template:
    metadata: {labels: {app: text-embeddings}}
    spec:
      containers:
      - name: text-embeddings
        image: ghcr.io/huggingface/text-embeddings-inference:turing-1.5
        args: ${args}
        ports:
        - {containerPort: 9000, name: metrics}
        - {containerPort: ${httpPort}, name: http}
        resources: {limits: {nvidia.com/gpu: "1"}}
`;

  it("the image's port 80 when no --port is given", () => {
    assert.match(probeFix(deployment('["--model-id", "intfloat/multilingual-e5-large-instruct"]', 80)), /path: \/health\n\s+port: 80\n/);
  });

  it('the port its --port sets', () => {
    assert.match(probeFix(deployment('["--model-id", "BAAI/bge-large-en-v1.5", "--port", "8080"]', 8080)), /path: \/health\n\s+port: 8080\n/);
  });

  it('near miss: a TEI container that declares only port 80 keeps it', () => {
    const text = deployment('["--model-id", "BAAI/bge-large-en-v1.5"]', 80).replace(/\s+- \{containerPort: 9000, name: metrics\}/, '');
    assert.match(probeFix(text), /port: 80\n/);
  });

  it('near miss: another server that declares a metrics port first keeps the first declared port', () => {
    const text = deployment('["--model-id", "BAAI/bge-large-en-v1.5"]', 80).replace('ghcr.io/huggingface/text-embeddings-inference:turing-1.5', 'registry.example/team/embedder:1.0');
    assert.match(probeFix(text), /port: 9000\n/);
  });
});
