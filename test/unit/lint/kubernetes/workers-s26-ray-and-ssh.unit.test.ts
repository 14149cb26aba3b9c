import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { kubernetesFixturesRoot } from './support';

const fixture = (rule: string, rel: string) => fs.readFileSync(path.join(kubernetesFixturesRoot, rule, rel), 'utf8');
const messages = (text: string, ruleId: string) => lintManifest(text).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

/** A Volcano task whose one GPU container runs `command`. */
const volcanoTask = (command: string) =>
  ['apiVersion: batch.volcano.sh/v1alpha1', 'kind: Job', 'metadata: {name: mpi}', 'spec:', '  tasks:', '    - name: worker', '      replicas: 2', '      template:', '        spec:', '          restartPolicy: OnFailure', '          containers:', `            - {name: worker, image: registry.example/train:1.0, command: ${command}, resources: {limits: {nvidia.com/gpu: 1}}}`, ''].join('\n');

describe('MLK104: a container that only runs sshd is not told to mount a dataset directory', () => {
  it('Volcano\'s MindSpore MPI worker: /tmp, the folder its command creates, and what the processes launched over SSH write', () => {
    assert.deepEqual(messages(fixture('MLK104', 'fail/mpi-worker-runs-only-sshd.yaml'), 'MLK104'), [
      'container "mpiworker" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at /tmp, /var/run/sshd and the paths the processes launched over SSH write.',
    ]);
  });

  it('the MPI Operator\'s worker form (sshd -De as the command, no shell)', () => {
    const [message] = messages(volcanoTask('["/usr/sbin/sshd", "-De", "-f", "/home/mpiuser/.sshd_config"]'), 'MLK104');
    assert.match(message ?? '', /mount emptyDir volumes at \/tmp and the paths the processes launched over SSH write\.$/);
  });

  it('near miss: a worker that starts sshd and then trains keeps the dataset advice', () => {
    const [message] = messages(volcanoTask('["/bin/bash", "-c", "/usr/sbin/sshd; python train.py --data_dir /data"]'), 'MLK104');
    assert.match(message ?? '', /the directory it downloads its dataset to/);
  });
});

describe('MLK419: Ray workers that load a model they do not name', () => {
  it('an LWS vLLM worker names its leader\'s model', () => {
    const found = messages(fixture('MLK419', 'fail/lws-vllm-ray-worker.yaml'), 'MLK419');
    assert.deepEqual(found, [
      'container "vllm-leader" downloads its model into /root/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.',
      'container "vllm-worker" loads its leader\'s model (meta-llama/Llama-3.1-405B-Instruct) as a Ray worker and downloads it into /root/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.',
    ]);
  });

  it('near miss: an LWS worker that runs its own server, not `ray start`, is judged by its own command', () => {
    const text = fixture('MLK419', 'fail/lws-vllm-ray-worker.yaml').replace('multi-node-serving.sh worker --ray_address=$(LWS_LEADER_ADDRESS)', 'sleep infinity');
    assert.deepEqual(messages(text, 'MLK419').length, 1);
  });

  it('a RayService app with a hub model in MODEL_ID: its GPU worker, under the ray user\'s cache', () => {
    assert.deepEqual(messages(fixture('MLK419', 'fail/rayservice-model-id-runtime-env.yaml'), 'MLK419'), [
      'container "llm" downloads its model into /home/ray/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.',
    ]);
  });
});
