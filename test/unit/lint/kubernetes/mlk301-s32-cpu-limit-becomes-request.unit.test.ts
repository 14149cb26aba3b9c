import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${containers}`;
const container = (name: string, resources: string) => `    - name: ${name}\n      image: registry.example/x:1\n      resources: ${resources}\n`;
const mlk301 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK301').map((f) => `${f.range.start.line} ${f.message}`);

describe('MLK301 and a CPU limit without a request: "Kubernetes copies the limit you specified and uses it as the requested value" (Resource Management for Pods and Containers)', () => {
  it('is silent for an app container whose CPU limit becomes its request (the scheduler reserves the limit)', () => {
    assert.deepEqual(mlk301(pod(`  containers:\n${container('c', '{limits: {cpu: "2", memory: 4Gi}}')}`)), []);
    assert.deepEqual(mlk301(pod(`  containers:\n${container('c', '{limits: {cpu: 500m}, requests: {memory: 1Gi}}')}`)), []);
  });

  it('is silent for an init container with a CPU limit, and still reports the app container with none', () => {
    const text = pod(`  initContainers:\n${container('init', '{limits: {cpu: "1"}}')}  containers:\n${container('app', '{limits: {memory: 1Gi}}')}`);
    assert.deepEqual(mlk301(text), ['10 container "app" has no resources.requests.cpu, so the scheduler assumes it needs no CPU; set a CPU request.']);
  });

  it('still reports a zero CPU limit, which makes a zero request', () => {
    assert.deepEqual(mlk301(pod(`  containers:\n${container('c', '{limits: {cpu: "0"}}')}`)), ['6 container "c" has no resources.requests.cpu, so the scheduler assumes it needs no CPU; set a CPU request.']);
  });
});
