import * as assert from 'node:assert/strict';
import { kueueObjects, kueueTolerates } from '../../../../src/core/lint/kubernetes/kueue';
import { kubeObject } from '../../../../src/core/lint/kubernetes/model';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { useLintRepo } from '../support/lint-repo';

// kobrien-data/gpu-aas-kueue-demo: the cluster setup in setup/, the workloads queued on it in demo-1-batch-job/.
const flavor = (tolerations: string) => `apiVersion: kueue.x-k8s.io/v1beta1\nkind: ResourceFlavor\nmetadata:\n  name: gpu-flavor\nspec:\n  nodeLabels: {nvidia.com/gpu.present: "true"}\n${tolerations}`;
const queues = [
  'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ClusterQueue\nmetadata:\n  name: gpu-cluster-queue\nspec:\n  resourceGroups:\n    - coveredResources: ["nvidia.com/gpu"]\n      flavors:\n        - name: gpu-flavor\n          resources: [{name: nvidia.com/gpu, nominalQuota: 8}]\n',
  'apiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: gpu-local-queue\n  namespace: team-a\nspec:\n  clusterQueue: gpu-cluster-queue\n',
].join('---\n');
const tolerates = '  tolerations:\n    - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}\n';
const job = (queue: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: training-job\n  namespace: team-a\n  labels:\n    kueue.x-k8s.io/queue-name: ${queue}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: train\n          image: registry.example/train:1.0.0\n          resources: {limits: {nvidia.com/gpu: 1}}\n`;

const jobObject = (text: string) => {
  const file = parseYaml(text);
  const obj = kubeObject(new YamlView(file, file.documents[0] as never));
  assert.ok(obj);
  return obj;
};

describe('Kueue: the tolerations a ResourceFlavor gives the pods Kueue admits (MLK409)', () => {
  it('follows LocalQueue → ClusterQueue → flavors, and falls back to every flavor in sight when the chain is not', () => {
    const setup = kueueObjects(parseYaml(`${flavor(tolerates)}---\n${queues}`));
    assert.ok(setup);
    assert.ok(kueueTolerates(jobObject(job('gpu-local-queue')), setup, 'nvidia.com/gpu'));
    assert.ok(!kueueTolerates(jobObject(job('gpu-local-queue')), setup, 'sku'));
    // A queue not in sight: every flavor in sight decides.
    assert.ok(kueueTolerates(jobObject(job('other-queue')), setup, 'nvidia.com/gpu'));
    const bare = kueueObjects(parseYaml(`${flavor('')}---\n${queues}`));
    assert.ok(!kueueTolerates(jobObject(job('gpu-local-queue')), bare, 'nvidia.com/gpu'));
    // No queue label: Kueue adds nothing.
    assert.ok(!kueueTolerates(jobObject(job('gpu-local-queue').replace('kueue.x-k8s.io/queue-name', 'app')), setup, 'nvidia.com/gpu'));
  });

  describe('mlc lint reads the flavors of every file of the run', () => {
    const { write, lint, lintWithWorkers } = useLintRepo('kueue');
    const mlk409 = (out: string) => (JSON.parse(out) as { file: string; ruleId: string }[]).filter((f) => f.ruleId === 'MLK409').map((f) => f.file);

    it('a Job in one folder queued on a flavor set up in another tolerates its taint; without the setup it does not', async () => {
      write('demo-1-batch-job/training-job.yaml', job('gpu-local-queue'));
      assert.deepEqual(mlk409((await lint('--format', 'json', '--failure-threshold', 'none')).out), ['demo-1-batch-job/training-job.yaml']);
      write('setup/01-resourceflavor.yaml', flavor(tolerates));
      write('setup/02-queues.yaml', queues);
      assert.deepEqual(mlk409((await lint('--format', 'json', '--failure-threshold', 'none')).out), []);
      // The same through a worker thread (the objects travel with the job).
      for (let i = 0; i < 60; i++) {
        write(`more/job-${i}.yaml`, job('gpu-local-queue').replace('training-job', `job-${i}`));
      }
      assert.deepEqual(mlk409((await lintWithWorkers(1, '--format', 'json', '--failure-threshold', 'none')).out), []);
    });
  });
});

describe('setupObjectsIn (the editor: Kueue objects in the workspace folder)', () => {
  it('reads the flavors of the files given, but the one linted, and rereads a changed file', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { setupObjectsIn } = await import('../../../../src/infra/lint/setup-objects-near');
    const dir = mkdtempSync(path.join(tmpdir(), 'mlc-kueue-near-'));
    try {
      const setup = path.join(dir, 'flavor.yaml');
      const other = path.join(dir, 'service.yaml');
      const self = path.join(dir, 'job.yaml');
      writeFileSync(setup, `${flavor(tolerates)}---\n${queues}`);
      writeFileSync(other, 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n');
      writeFileSync(self, flavor(tolerates));
      const found = (await setupObjectsIn([setup, other, self, path.join(dir, 'missing.yaml')], self)).kueue;
      assert.ok(kueueTolerates(jobObject(job('gpu-local-queue')), found, 'nvidia.com/gpu'));
      assert.deepEqual(await setupObjectsIn([other, self], self), {}, 'the file linted and files without Kueue objects give none');
      writeFileSync(setup, `${flavor('')}---\n${queues}\n# changed\n`);
      const changed = (await setupObjectsIn([setup], self)).kueue;
      assert.ok(!kueueTolerates(jobObject(job('gpu-local-queue')), changed, 'nvidia.com/gpu'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
