import * as assert from 'node:assert/strict';
import type { Pod } from '../../../src/core/kubernetes/objects';
import { operatorPods, operatorView, type OperatorObject } from '../../../src/core/kubernetes/operator-workloads';

const labelled = (name: string, labels: Record<string, string>, owner?: string): Pod => ({
  metadata: { name, namespace: 'ml', labels, ...(owner ? { ownerReferences: [{ kind: 'X', name: 'x', uid: owner }] } : {}) },
  spec: { containers: [{ name: 'main' }] },
});

const cond = (type: string, status = 'True', extra: { reason?: string; message?: string } = {}) => ({ type, status, ...extra });

describe('core/kubernetes operator workloads', () => {
  it('reads a PyTorchJob\'s state from its last true condition, with replicas per type', () => {
    const job: OperatorObject = {
      metadata: { name: 'train' },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1 }, Worker: { replicas: 3 } } },
      status: { conditions: [cond('Created'), cond('Running')], replicaStatuses: { Master: { active: 1 }, Worker: { active: 2, failed: 1 } } },
    };
    assert.deepEqual(
      [operatorView('PyTorchJob', job).state, operatorView('PyTorchJob', job).description],
      ['running', 'Running · Master 1/1 · Worker 2/3 (1 failed)'],
    );
    const done = { ...job, status: { conditions: [cond('Created'), cond('Running', 'False'), cond('Succeeded')], replicaStatuses: { Master: { succeeded: 1 }, Worker: { succeeded: 3 } } } };
    assert.deepEqual([operatorView('PyTorchJob', done).state, operatorView('PyTorchJob', done).description], ['succeeded', 'Succeeded · Master 1/1 · Worker 3/3']);
    const failed = { ...job, status: { conditions: [cond('Created'), cond('Failed', 'True', { message: 'Master exited 1' })] } };
    assert.equal(operatorView('PyTorchJob', failed).state, 'failed');
    assert.match(operatorView('PyTorchJob', failed).tooltip, /Failed: Master exited 1/);
    assert.equal(operatorView('TFJob', { metadata: { name: 'new' } }).state, 'pending');
  });

  it('reads TrainJob, InferenceService, RayCluster and RayJob status', () => {
    assert.deepEqual(operatorView('TrainJob', { metadata: { name: 't' }, status: { jobsStatus: [{ active: 2 }, { active: 1, failed: 1 }] } }).description, 'Running · 3 active · 1 failed');
    assert.equal(operatorView('TrainJob', { metadata: { name: 't' }, status: { conditions: [cond('Complete')] } }).state, 'succeeded');
    assert.deepEqual(
      [operatorView('InferenceService', { metadata: { name: 's' }, status: { url: 'http://s.ml.example.com', conditions: [cond('Ready')] } }).description],
      ['Ready · http://s.ml.example.com'],
    );
    assert.deepEqual(operatorView('InferenceService', { metadata: { name: 's' }, status: { conditions: [cond('Ready', 'False', { reason: 'PredictorNotReady' })] } }).description, 'Not ready · PredictorNotReady');
    assert.deepEqual(
      operatorView('RayCluster', { metadata: { name: 'r' }, status: { state: 'ready', conditions: [cond('HeadPodReady')], readyWorkerReplicas: 2, desiredWorkerReplicas: 3 } }).description,
      'Ready · head ready · 2/3 workers ready',
    );
    assert.equal(operatorView('RayCluster', { metadata: { name: 'r' } }).state, 'pending');
    const rj = operatorView('RayJob', { metadata: { name: 'j' }, status: { jobDeploymentStatus: 'Running', jobStatus: 'RUNNING', rayClusterName: 'j-abc12' } });
    assert.deepEqual([rj.state, rj.description], ['running', 'Running · job RUNNING · cluster j-abc12']);
    assert.equal(operatorView('RayJob', { metadata: { name: 'j' }, status: { jobDeploymentStatus: 'Complete', jobStatus: 'FAILED' } }).state, 'failed');
  });

  it('finds each operator\'s pods by the labels it puts on them, or by owner', () => {
    const pods = [
      labelled('train-worker-0', { 'training.kubeflow.org/job-name': 'train', 'training.kubeflow.org/operator-name': 'pytorchjob-controller' }),
      labelled('train-master-0', { 'training.kubeflow.org/job-name': 'train', 'training.kubeflow.org/operator-name': 'pytorchjob-controller' }),
      labelled('train-tf-0', { 'training.kubeflow.org/job-name': 'train', 'training.kubeflow.org/operator-name': 'tfjob-controller' }),
      labelled('ray-head', { 'ray.io/cluster': 'ray', 'ray.io/node-type': 'head' }),
      labelled('rj-head', { 'ray.io/cluster': 'rj-x7k2p' }),
      labelled('svc-predictor-abc', { 'serving.kserve.io/inferenceservice': 'svc', component: 'predictor' }),
      labelled('tj-node-0-0', { 'jobset.sigs.k8s.io/jobset-name': 'tj' }),
      labelled('owned', {}, 'uid-train'),
      labelled('other', { app: 'x' }),
    ];
    const names = (ps: Pod[]) => ps.map((p) => p.metadata?.name);
    assert.deepEqual(names(operatorPods('PyTorchJob', { metadata: { name: 'train', uid: 'uid-train' } }, pods)), ['owned', 'train-master-0', 'train-worker-0']);
    assert.deepEqual(names(operatorPods('TFJob', { metadata: { name: 'train' } }, pods)), ['train-tf-0']);
    assert.deepEqual(names(operatorPods('RayCluster', { metadata: { name: 'ray' } }, pods)), ['ray-head']);
    assert.deepEqual(names(operatorPods('RayJob', { metadata: { name: 'rj' }, status: { rayClusterName: 'rj-x7k2p' } }, pods)), ['rj-head']);
    assert.deepEqual(names(operatorPods('InferenceService', { metadata: { name: 'svc' } }, pods)), ['svc-predictor-abc']);
    assert.deepEqual(names(operatorPods('TrainJob', { metadata: { name: 'tj' } }, pods)), ['tj-node-0-0']);
  });
});
