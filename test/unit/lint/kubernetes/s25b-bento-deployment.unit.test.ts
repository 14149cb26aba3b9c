import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { objectOf, ruleIds, ruleIdsAt } from './support';

const plain = (node: unknown): unknown => JSON.parse(JSON.stringify(node)) as unknown;

const bento = (runner: string[], head: string[] = [], apiVersion = 'serving.yatai.ai/v2alpha1') =>
  [`apiVersion: ${apiVersion}`, 'kind: BentoDeployment', 'metadata: {name: b, namespace: yatai}', 'spec:', '  bento: iris-classifier', ...head, '  runners:', '    - name: iris_clf', ...runner.map((l) => `      ${l}`), ''].join('\n');

describe('BentoML yatai-deployment BentoDeployment: the API server’s pod and one per runner', () => {
  it('each level’s resources and envs are its main container’s: `gpu` is an nvidia.com/gpu limit, `custom` entries resources of their own', () => {
    const text = bento(['resources:', '  limits: {cpu: "1", memory: 1Gi, gpu: "1", custom: {example.com/fpga: "2"}}', '  requests: {cpu: 500m, gpu: "1"}', 'envs: [{name: MODE, value: prod}]']);
    const pods = objectOf(text).podSpecs;
    assert.deepEqual(pods.map((p) => p.role), ['api-server', 'iris_clf']);
    const main = pods[1]?.containers[0];
    assert.equal(main?.name, 'main');
    assert.deepEqual(plain(main?.node.get('resources')), { limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1', 'example.com/fpga': '2' }, requests: { cpu: '500m' } }, 'the operator reads no GPU request');
    assert.deepEqual(plain(main?.node.get('env')), [{ name: 'MODE', value: 'prod' }]);
  });

  it('extraPodSpec brings the scheduling fields and sidecar containers, judged where they are written', () => {
    const text = bento(['resources: {limits: {gpu: "1"}}', 'extraPodSpec:', '  nodeSelector: {nvidia.com/gpu.product: NVIDIA-A10G}', '  containers:', '    - name: log-shipper', '      image: fluent/fluent-bit:latest']);
    const pod = objectOf(text).podSpecs[1];
    assert.deepEqual(plain(pod?.spec.get('nodeSelector')), { 'nvidia.com/gpu.product': 'NVIDIA-A10G' });
    assert.deepEqual(pod?.containers.map((c) => c.name), ['main', 'log-shipper']);
    assert.ok(ruleIdsAt(text, 13).includes('MLK201'), 'the sidecar’s floating tag');
    assert.ok(!ruleIds(text).includes('MLK103'), 'the object has no securityContext to set');
  });

  it('MLK409 judges the runner’s tolerations, and its fix writes them into the runner’s extraPodSpec', () => {
    const text = bento(['resources: {limits: {gpu: "1"}}', 'extraPodSpec:', '  schedulerName: volcano']);
    assert.ok(ruleIdsAt(text, 7).includes('MLK409'));
    const fix = lintManifest(text).findings.find((f) => f.ruleId === 'MLK409' && f.fix)?.fix;
    const runner = (parse(applyTextEdits(text, fix?.edits ?? [])) as { spec: { runners: { extraPodSpec: { tolerations?: { key: string }[] } }[] } }).spec.runners[0];
    assert.equal(runner?.extraPodSpec.tolerations?.[0]?.key, 'nvidia.com/gpu');
    assert.ok(!ruleIds(bento(['resources: {limits: {gpu: "1"}}', 'extraPodSpec:', '  tolerations: [{key: nvidia.com/gpu, operator: Exists}]'])).includes('MLK409'));
  });

  it('what the operator sets itself stays out: probes, /dev/shm, cpu and memory defaults, the image', () => {
    const found = ruleIds(bento(['resources: {limits: {gpu: "1"}}', 'extraPodSpec:', '  tolerations: [{key: nvidia.com/gpu, operator: Exists}]']));
    for (const id of ['MLK201', 'MLK301', 'MLK302', 'MLK405', 'MLK415', 'MLK416', 'MLK417', 'MLK419']) {
      assert.ok(!found.includes(id), id);
    }
  });

  it('a literal token in a runner’s envs is reported at the value', () => {
    const token = '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';
    assert.ok(ruleIdsAt(bento(['envs:', '  - name: HF_TOKEN', `    value: ${token}`]), 10).includes('MLK117'));
  });

  it('a BentoDeployment of another API group stays unread', () => {
    assert.equal(objectOf(bento(['resources: {limits: {gpu: "1"}}'], [], 'example.com/v1')).podSpecs.length, 0);
  });
});
