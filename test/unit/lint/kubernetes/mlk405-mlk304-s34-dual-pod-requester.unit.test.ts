import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { fixtureSchemas } from './support';

/** llm-d fast model actuation's dual pods: the server-patch annotation describes the pod that runs vLLM (pkg/api). */
const serverPatch = ['dual-pod.llm-d.ai/server-patch: |', '  spec:', '    containers:', '    - name: inference-server', '      image: docker.io/vllm/vllm-openai:v0.10.2', '      command: [vllm, serve, ibm-granite/granite-3.3-2b-instruct]'];

/** A bare Pod whose `container` (a name) holds one GPU; `annotations` are lines under metadata.annotations. */
const pod = (container: string, annotations: string[]): string =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: example-request',
    ...(annotations.length > 0 ? ['  annotations:', ...annotations.map((l) => `    ${l}`)] : []),
    'spec:',
    '  containers:',
    `  - name: ${container}`,
    '    image: quay.io/aavarghese/fma/requester:v0.0.1',
    '    command: [/app/requester, --probes-port=8081, --spi-port=8082]',
    '    resources:',
    '      limits: {nvidia.com/gpu: "1", cpu: 200m, memory: 250Mi}',
    '',
  ].join('\n');

function messages(text: string, id: string): string[] {
  return lintManifest(text, { schemas: fixtureSchemas() })
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);
}

describe('MLK405 and MLK304 on llm-d dual pods: the server-requesting pod’s requester only holds its GPU', () => {
  it('asks no /dev/shm of the requester, and MLK304 names what any container writes, not a model download', () => {
    const text = pod('inference-server', ['dual-pod.llm-d.ai/admin-port: "8082"', ...serverPatch]);
    assert.deepEqual(messages(text, 'MLK405'), []);
    const [storage] = messages(text, 'MLK304');
    assert.match(storage ?? '', /what it writes to its filesystem \(logs, caches, temporary files\)/);
    assert.doesNotMatch(storage ?? '', /model download/);
  });

  it('judges the same GPU container as before without the server-patch annotation, or under another name (the requester is inference-server)', () => {
    for (const text of [pod('inference-server', ['dual-pod.llm-d.ai/admin-port: "8082"']), pod('requester', serverPatch)]) {
      assert.equal(messages(text, 'MLK405').length, 1);
      assert.match(messages(text, 'MLK304')[0] ?? '', /a model download into its filesystem/);
    }
  });
});
