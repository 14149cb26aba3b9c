import * as assert from 'node:assert/strict';
import { documentObject } from '../../../../src/core/lint/kubernetes/document-object';
import { acceleratorLimit } from '../../../../src/core/lint/kubernetes/gpu';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { defaultClusterProfile } from '../../../../src/core/lint/kubernetes/settings';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';

/** A claim template for 8 devices of `deviceClass` and 8 EFA interfaces from one device group (aws-neuron-eks-samples' xl-lnc2-trn2-efa). */
const claimTemplate = (deviceClass: string) =>
  [
    'apiVersion: resource.k8s.io/v1',
    'kind: ResourceClaimTemplate',
    'metadata: {name: xl-lnc2-trn2-efa}',
    'spec:',
    '  spec:',
    '    devices:',
    '      constraints:',
    '        - {matchAttribute: resource.aws.com/devicegroup8_id, requests: [neurons, efas]}',
    '      requests:',
    `        - {name: neurons, exactly: {allocationMode: ExactCount, count: 8, deviceClassName: ${deviceClass}}}`,
    '        - {name: efas, exactly: {allocationMode: ExactCount, count: 8, deviceClassName: efa.networking.k8s.aws}}',
  ].join('\n');

/** A one-replica vLLM Deployment on the claim (or, with `limit`, on that resource instead) that hides CUDA devices. */
function decode(options: { limit?: string; kind?: 'Deployment' | 'Job' } = {}): string {
  const kind = options.kind ?? 'Deployment';
  return [
    kind === 'Job' ? 'apiVersion: batch/v1' : 'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata: {name: decode}',
    'spec:',
    ...(kind === 'Job' ? ['  backoffLimit: 0'] : ['  replicas: 1', '  selector: {matchLabels: {app: decode}}']),
    '  template:',
    '    metadata: {labels: {app: decode}}',
    '    spec:',
    ...(kind === 'Job' ? ['      restartPolicy: Never'] : []),
    ...(options.limit === undefined ? ['      resourceClaims: [{name: neurons, resourceClaimTemplateName: xl-lnc2-trn2-efa}]'] : []),
    '      containers:',
    '        - name: app',
    '          image: public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.21.0.1.0.0-neuronx-py313-sdk2.31.0-ubuntu24.04',
    '          command: [vllm, serve, openai/gpt-oss-20b, --tensor-parallel-size, "8"]',
    '          env: [{name: CUDA_VISIBLE_DEVICES, value: ""}]',
    `          resources: {${options.limit === undefined ? 'claims: [{name: neurons}]' : `limits: {${options.limit}: 8}`}}`,
    '',
  ].join('\n');
}

const findings = (text: string) => lintManifest(text).findings.filter((f) => !/^MLK(?:1\d\d|30[1-4])$/.test(f.ruleId));
const described = (text: string) => findings(text).map((f) => `${f.ruleId}: ${f.message}`);

function claimedDevices(text: string): number {
  const file = parseYaml(text);
  const document = file.documents.find((d) => /kind: Deployment/.test(file.text.slice(d.offsets[0], d.offsets[1])));
  const obj = document ? documentObject(file, document) : undefined;
  const container = obj?.podSpecs[0]?.containers[0];
  assert.ok(obj && container, 'a Deployment with a container');
  return acceleratorLimit(obj.view, container, defaultClusterProfile());
}

describe('Neuron devices claimed through DRA (neuron.aws.com) are accelerators, not GPUs', () => {
  const neuron = `${claimTemplate('neuron.aws.com')}\n---\n${decode()}`;

  it('counts the claimed Neuron devices, not the EFA interfaces beside them', () => {
    assert.equal(claimedDevices(neuron), 8);
  });

  it('the one-replica Deployment stalls its rollout on the devices (MLK417, worded for accelerators) and needs no second replica (MLK306)', () => {
    const ids = findings(neuron).map((f) => f.ruleId);
    assert.ok(!ids.includes('MLK306'));
    const mlk417 = described(neuron).find((m) => m.startsWith('MLK417'));
    assert.match(mlk417 ?? '', /^MLK417: This accelerator Deployment .* waits for the accelerators the old pod holds/);
  });

  it('a deliberate CUDA_VISIBLE_DEVICES: "" on the Neuron pod is left alone (MLK411), as on a GPU-class claim it is not', () => {
    assert.ok(!findings(neuron).some((f) => f.ruleId === 'MLK411'));
    assert.ok(findings(`${claimTemplate('gpu.nvidia.com')}\n---\n${decode()}`).some((f) => f.ruleId === 'MLK411'));
  });

  it('reads exactly as the same pod with an aws.amazon.com/neuron limit', () => {
    const withoutLines = (text: string) => described(text).sort();
    assert.deepEqual(withoutLines(neuron), withoutLines(decode({ limit: 'aws.amazon.com/neuron' })));
    const job = `${claimTemplate('neuron.aws.com')}\n---\n${decode({ kind: 'Job' })}`;
    assert.deepEqual(withoutLines(job), withoutLines(decode({ kind: 'Job', limit: 'aws.amazon.com/neuron' })));
    assert.ok(described(job).some((m) => m.startsWith('MLK414') && m.includes('Neuron collective')), described(job).join('\n'));
  });
});
