import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';

/** The text with the fix of the rule's only finding made, and the findings of the rules named on the result. */
function fixManifest(text: string, ruleId: string, after: readonly string[]): { fixed: string; left: string[] } {
  const found = lintManifest(text).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(found.length, 1, `${ruleId} findings: ${found.map((f) => f.message).join(' | ')}`);
  const fixed = applyTextEdits(text, found[0]?.fix?.edits ?? []);
  assert.notEqual(fixed, text, `${ruleId} offers no fix`);
  const left = lintManifest(fixed).findings.filter((f) => after.includes(f.ruleId)).map((f) => `${f.ruleId}: ${f.message}`);
  return { fixed, left };
}

/** Quick fixes on excerpts of real manifests and Dockerfiles that showed a fix making a new problem. */
describe('quick fixes on real files', () => {
  /** A Triton Deployment with a 4Gi memory limit (a real manifest; the other tests below change it as they say). */
  const triton = (podSpec = '', container = '') =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: triton-server',
      'spec:',
      '  replicas: 1',
      '  selector:',
      '    matchLabels:',
      '      app: triton',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: triton',
      '    spec:',
      `${podSpec}      containers:`,
      '      - name: triton',
      `${container}        image: triton:latest`,
      '        ports:',
      '        - containerPort: 8000',
      '        resources:',
      '          limits:',
      '            cpu: "2"',
      '            memory: "4Gi"',
      '            nvidia.com/gpu: 1',
      '          requests:',
      '            cpu: "1"',
      '            memory: "2Gi"',
      '            nvidia.com/gpu: 1',
      '',
    ].join('\n');

  const shmMount = '        volumeMounts:\n          - name: dshm\n            mountPath: /dev/shm\n';

  describe('the /dev/shm a fix sizes stays below the pod memory limit (else MLK408 reports the fix)', () => {
    it('MLK405 mounts one at half a 4Gi limit', () => {
      const { fixed, left } = fixManifest(triton(), 'MLK405', ['MLK405', 'MLK408']);
      const volume = '      volumes:\n        - name: dshm\n          emptyDir:\n            medium: Memory\n            sizeLimit: 2Gi\n';
      assert.equal(fixed, `${triton('', shmMount)}${volume}`);
      assert.deepEqual(left, []);
    });

    it('MLK407 sizes a memory volume without a sizeLimit at half a 4Gi limit (the Deployment with such a volume)', () => {
      const volume = '      volumes:\n        - name: dshm\n          emptyDir:\n            medium: Memory\n';
      const { fixed, left } = fixManifest(triton(volume, shmMount), 'MLK407', ['MLK407', 'MLK408']);
      assert.equal(fixed, triton(`${volume}            sizeLimit: 2Gi\n`, shmMount));
      assert.deepEqual(left, []);
    });

    it('MLK110 replaces hostIPC with one at half a 4Gi limit (the Deployment with hostIPC: true)', () => {
      const { fixed, left } = fixManifest(triton('      hostIPC: true\n'), 'MLK110', ['MLK110', 'MLK408']);
      assert.ok(fixed.includes('\n            medium: Memory\n            sizeLimit: 2Gi\n'), fixed);
      assert.deepEqual(left, []);
    });

    it('MLK405 mounts one at half a limit of exactly 16Gi (a Kueue training Job)', () => {
      const text = [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: sample-training',
        'spec:',
        '  backoffLimit: 0',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '        - name: trainer',
        '          image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime',
        '          command: ["python", "-c"]',
        '          args:',
        '            - |',
        '              import torch',
        '          resources:',
        '            requests:',
        '              cpu: "2"',
        '              memory: 8Gi',
        '              nvidia.com/gpu: "1"',
        '            limits:',
        '              cpu: "4"',
        '              memory: 16Gi',
        '              nvidia.com/gpu: "1"   # GPU request == limit is required',
        '',
      ].join('\n');
      const { fixed, left } = fixManifest(text, 'MLK405', ['MLK405', 'MLK408']);
      assert.ok(fixed.includes('\n            medium: Memory\n            sizeLimit: 8Gi\n'), fixed);
      assert.deepEqual(left, []);
    });
  });
});
