import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk304-ephemeral-storage-unset';

/**
 * A vLLM Deployment on 8 GPUs (after GKE's distributed-streaming-benchmark/vllm-runai-gcs.yaml), `run` being its
 * container's command and args lines.
 */
const deployment = (run: string[]) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: vllm',
    'spec:',
    '  replicas: 1',
    '  strategy: {type: Recreate}',
    '  selector:',
    '    matchLabels: {app: vllm}',
    '  template:',
    '    metadata:',
    '      labels: {app: vllm}',
    '    spec:',
    '      containers:',
    '        - name: inference-server',
    '          image: vllm/vllm-openai:v0.10.2',
    ...run.map((l) => `          ${l}`),
    '          resources:',
    '            requests: {cpu: "16", memory: 200Gi, nvidia.com/gpu: "8"}',
    '            limits: {memory: 200Gi, nvidia.com/gpu: "8"}',
    '',
  ].join('\n');

function message(run: string[]): string {
  const findings = lintManifest(deployment(run), { rules: [rule] }).findings;
  assert.equal(findings.length, 1, 'the finding stays: no ephemeral-storage is set');
  return findings[0]?.message ?? '';
}

const generic = 'container "inference-server" has no ephemeral-storage request or limit, so what it writes to its filesystem (logs, caches, temporary files) can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.';

describe('MLK304: weights streamed from object storage are no model download into the container filesystem', () => {
  it('gives the generic wording for the Run:ai streamer reading gs:// or s3:// (shell script, positional model after flags, image args)', () => {
    const runs = [
      ['command: ["/bin/sh", "-c"]', 'args: ["vllm serve gs://bucket/Llama-3.3-70B-Instruct --load-format runai_streamer --tensor-parallel-size=8"]'],
      ['command: ["vllm", "serve", "--port", "8000", "s3://bucket/Llama-3.3-70B-Instruct", "--load-format", "runai_streamer"]'],
      ['args: ["s3://bucket/Llama-3.3-70B-Instruct", "--load-format", "runai_streamer"]'],
      ['args: ["--model", "s3://bucket/Llama-3.3-70B-Instruct", "--load-format", "runai_streamer"]'],
    ];
    for (const run of runs) {
      assert.equal(message(run), generic, run.join(' '));
    }
  });

  it('still says a model download for a hub model', () => {
    assert.match(message(['args: ["--model", "meta-llama/Llama-3.3-70B-Instruct"]']), /so a model download into its filesystem can fill the node disk/);
  });
});
