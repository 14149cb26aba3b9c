import * as assert from 'node:assert/strict';
import { shmServingRuntimes } from '../../../../src/core/lint/rules/kubernetes/serving-runtimes';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { useLintRepo } from '../support/lint-repo';

// OpenShift AI's layout: the vLLM ServingRuntime in a file of its own, the InferenceServices naming it in others.
const runtime = (volume: string) =>
  `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: vllm-cuda-runtime\nspec:\n  supportedModelFormats: [{name: vLLM}]\n  containers:\n    - name: kserve-container\n      image: registry.example/vllm:0.8.5\n      args: ["--port=8080", "--model=/mnt/models"]\n      volumeMounts: [{name: shm, mountPath: /dev/shm}]\n  volumes:\n    - name: shm\n      ${volume}\n`;
const isvc = (name: string) =>
  `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: ${name}\nspec:\n  predictor:\n    model:\n      runtime: vllm-cuda-runtime\n      modelFormat: {name: vLLM}\n      storageUri: pvc://models/${name}\n      resources: {limits: {nvidia.com/gpu: "1"}}\n`;

describe('KServe ServingRuntimes that mount /dev/shm, for the InferenceServices that name them (MLK405)', () => {
  it('names the runtimes whose first container mounts a memory-backed emptyDir at /dev/shm', () => {
    assert.deepEqual([...shmServingRuntimes(parseYaml(runtime('emptyDir: {medium: Memory, sizeLimit: 2Gi}')))], ['vllm-cuda-runtime']);
    assert.deepEqual([...shmServingRuntimes(parseYaml(runtime('emptyDir: {}')))], [], 'a disk-backed emptyDir is no shared memory');
  });

  describe('mlc lint reads the runtimes of every file of the run', () => {
    const { write, lint, lintWithWorkers } = useLintRepo('serving-runtimes');
    const mlk405 = (out: string) => (JSON.parse(out) as { file: string; ruleId: string }[]).filter((f) => f.ruleId === 'MLK405').map((f) => f.file);

    it('an InferenceService naming a runtime of another file that mounts /dev/shm gets it; a runtime without one does not', async () => {
      write('runtimes/vllm.yaml', runtime('emptyDir: {}'));
      write('models/granite.yaml', isvc('granite'));
      assert.deepEqual(mlk405((await lint('--format', 'json', '--failure-threshold', 'none')).out), ['models/granite.yaml']);
      write('runtimes/vllm.yaml', runtime('emptyDir: {medium: Memory, sizeLimit: 2Gi}'));
      assert.deepEqual(mlk405((await lint('--format', 'json', '--failure-threshold', 'none')).out), []);
      // The same through a worker thread (the runtime names travel with the job).
      for (let i = 0; i < 60; i++) {
        write(`more/model-${i}.yaml`, isvc(`model-${i}`));
      }
      assert.deepEqual(mlk405((await lintWithWorkers(1, '--format', 'json', '--failure-threshold', 'none')).out), []);
    });
  });

  it('the editor reads them from the workspace folder\'s files (setupObjectsIn), and a changed file again', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { setupObjectsIn } = await import('../../../../src/infra/lint/setup-objects-near');
    const dir = mkdtempSync(path.join(tmpdir(), 'mlc-runtimes-near-'));
    try {
      const runtimeFile = path.join(dir, 'runtime.yaml');
      const self = path.join(dir, 'isvc.yaml');
      writeFileSync(runtimeFile, runtime('emptyDir: {medium: Memory}'));
      writeFileSync(self, isvc('granite'));
      assert.deepEqual([...((await setupObjectsIn([runtimeFile, self], self)).shmRuntimes ?? [])], ['vllm-cuda-runtime']);
      writeFileSync(runtimeFile, `${runtime('emptyDir: {}')}# no shared memory any more\n`);
      assert.equal((await setupObjectsIn([runtimeFile, self], self)).shmRuntimes, undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
