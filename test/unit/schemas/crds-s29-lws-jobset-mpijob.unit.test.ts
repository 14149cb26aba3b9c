// LeaderWorkerSet, JobSet and mpi-operator's MPIJob v2beta1: bundled with their provenance, a known-bad
// field reported, and what their webhooks fill in (or int-or-string values) never reported.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withoutWebhookDefaultedRequired } from '../../../scripts/schemas/crds.mjs';
import { validateText } from '../../../src/core/schemas/validate';
import { bundledStore } from '../../fixtures/schemas/instances';
import { pos } from './support';

const store = bundledStore();

/** [code, path, "line:col-line:col", message] for every finding. */
function findings(text: string): [string, string, string, string][] {
  return validateText(text, 'manifest.yaml', store, '1.34').map((d) => [d.code, d.path, `${pos(text, d.start)}-${pos(text, d.end)}`, d.message]);
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'manifest.json'), 'utf8')) as {
  crds: { id: string; source: { kind: string; module: string; version: string }; kinds: string[] }[];
};

const leaderWorkerSet = (spec: string) => `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata: {name: llm}
spec:
${spec}  leaderWorkerTemplate:
    size: 2
    workerTemplate:
      spec:
        containers: [{name: worker, image: vllm/vllm-openai:v0.9.2}]
`;

const jobSet = (spec: string) => `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: train}
spec:
${spec}  replicatedJobs:
    - name: workers
      replicas: 2
      template:
        spec:
          template:
            spec:
              containers: [{name: trainer, image: ghcr.io/example/trainer:1.4.0}]
`;

const mpiJob = (apiVersion: string, spec: string) => `apiVersion: ${apiVersion}
kind: MPIJob
metadata: {name: allreduce}
spec:
${spec}  mpiReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          containers: [{name: worker, image: ghcr.io/example/nccl-tests:2.13}]
`;

describe('LeaderWorkerSet, JobSet and MPIJob v2beta1 schemas', () => {
  it('bundles each from its operator\'s own Go module, with the version in hovers', () => {
    const sources = Object.fromEntries(manifest.crds.map((c) => [c.id, [c.source.module, c.kinds]]));
    assert.deepEqual(sources.lws, ['sigs.k8s.io/lws', ['leaderworkerset.x-k8s.io/v1/LeaderWorkerSet']]);
    assert.deepEqual(sources.jobset, ['sigs.k8s.io/jobset', ['jobset.x-k8s.io/v1alpha2/JobSet']]);
    assert.deepEqual(sources['mpi-operator'], ['github.com/kubeflow/mpi-operator', ['kubeflow.org/v2beta1/MPIJob']]);
    const origin = (apiVersion: string, kind: string) => store.find('1.34', apiVersion, kind)?.origin.replace(/ v\d+\.\d+\.\d+$/, '');
    assert.equal(origin('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet'), 'LeaderWorkerSet');
    assert.equal(origin('jobset.x-k8s.io/v1alpha2', 'JobSet'), 'JobSet');
    assert.equal(origin('kubeflow.org/v2beta1', 'MPIJob'), 'Kubeflow MPI Operator');
    assert.equal(origin('kubeflow.org/v1', 'MPIJob'), 'Kubeflow Training Operator', 'the training operator\'s v1 MPIJob stays');
  });

  it('LeaderWorkerSet: a misspelled field is reported; subdomainPolicy (set by its webhook) and int-or-string surges are not', () => {
    assert.deepEqual(findings(leaderWorkerSet('')), []);
    assert.deepEqual(findings(leaderWorkerSet('  networkConfig: {}\n')), [], 'LWS\'s webhook sets subdomainPolicy: Shared');
    assert.deepEqual(findings(leaderWorkerSet('  rolloutStrategy:\n    type: RollingUpdate\n    rollingUpdateConfiguration: {maxSurge: 25%, maxUnavailable: 2}\n')), []);
    assert.deepEqual(findings(leaderWorkerSet('  networkConfig: {subdomainPolicy: Unique}\n')), [
      ['enum', 'spec.networkConfig.subdomainPolicy', '5:36-5:42', 'Value "Unique" is not allowed; expected one of Shared, UniquePerReplica.'],
    ]);
    assert.deepEqual(findings(leaderWorkerSet('  startupPolicy: LeaderReady\n').replace('size: 2', 'sise: 2')).map((f) => [f[1], f[3]]), [
      ['spec.leaderWorkerTemplate.sise', 'Unknown field "sise". Did you mean "size"?'],
    ]);
  });

  it('JobSet: a misspelled field is reported; a failure-policy rule without a name (set by its webhook) is not', () => {
    assert.deepEqual(findings(jobSet('')), []);
    assert.deepEqual(findings(jobSet('  failurePolicy:\n    maxRestarts: 3\n    rules: [{action: FailJobSet, onJobFailureReasons: [PodFailurePolicy]}]\n')), []);
    assert.deepEqual(findings(jobSet('  failurePolicy:\n    rules: [{name: fail-fast}]\n')).map((f) => [f[0], f[1]]), [['required', 'spec.failurePolicy.rules[0].action']]);
    assert.deepEqual(findings(jobSet('').replace('replicas: 2', 'replica: 2')), [
      ['unknown-field', 'spec.replicatedJobs[0].replica', '7:7-7:14', 'Unknown field "replica". Did you mean "replicas"?'],
    ]);
  });

  it('MPIJob: v2beta1 and v1 each validate by their own CRD', () => {
    assert.deepEqual(findings(mpiJob('kubeflow.org/v2beta1', '  slotsPerWorker: 8\n  runPolicy: {cleanPodPolicy: Running}\n  launcherCreationPolicy: WaitForWorkersReady\n')), []);
    assert.deepEqual(findings(mpiJob('kubeflow.org/v1', '  slotsPerWorker: 8\n  cleanPodPolicy: Running\n')), []);
    assert.deepEqual(findings(mpiJob('kubeflow.org/v2beta1', '  slotsPerWorker: "8"\n  mpiImplementation: openmpi\n')).map((f) => [f[0], f[1], f[2]]), [
      ['type', 'spec.slotsPerWorker', '5:19-5:22'],
      ['enum', 'spec.mpiImplementation', '6:22-6:29'],
    ]);
  });
});

describe('withoutWebhookDefaultedRequired', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['policy', 'size'],
        properties: { policy: { type: 'string' }, size: { type: 'integer' }, rules: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
      },
    },
  };

  it('drops the named fields from their required lists, through maps and list items, and leaves the input alone', () => {
    const out = withoutWebhookDefaultedRequired(schema, ['spec.policy', 'spec.rules[].name']);
    assert.deepEqual(out.properties.spec.required, ['size']);
    assert.equal('required' in out.properties.spec.properties.rules.items, false);
    assert.deepEqual(schema.properties.spec.required, ['policy', 'size']);
  });

  it('throws for a path that is not a required field, so a CRD that changes is noticed at generation', () => {
    assert.throws(() => withoutWebhookDefaultedRequired(schema, ['spec.rules']), /spec\.rules is not a required field/);
    assert.throws(() => withoutWebhookDefaultedRequired(schema, ['spec.missing[].name']), /not a required field/);
  });
});
