import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** Messages of `id` for a manifest. */
function messages(text: string, id: string): string[] {
  return lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

/** A RayJob with one GPU worker group; `fields` are extra spec lines (indented by two spaces). */
function rayJob(fields: string): string {
  return [
    'apiVersion: ray.io/v1',
    'kind: RayJob',
    'metadata: {name: lora}',
    'spec:',
    '  entrypoint: python /app/train.py',
    fields,
    '  rayClusterSpec:',
    '    headGroupSpec:',
    '      rayStartParams: {}',
    '      template: {spec: {containers: [{name: ray-head, image: "rayproject/ray:2.46.0"}]}}',
    '    workerGroupSpecs:',
    '      - groupName: gpu',
    '        rayStartParams: {}',
    '        template: {spec: {containers: [{name: ray-worker, image: "rayproject/ray:2.46.0", resources: {limits: {nvidia.com/gpu: 1}}}]}}',
    '',
  ].join('\n');
}

/** A Deployment running `image` with the container lines given (indented by six spaces). */
function server(image: string, container: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers:\n      - name: vllm\n        image: ${image}\n${container}`;
}

describe('round 5 sweep of public GPU manifests: problems no finding reported', () => {
  describe('MLK414 reads RayJobs whose cluster ends with the job', () => {
    it('reports the missing deadline, and MLK413 stays silent (KubeRay retries nothing by default)', () => {
      const text = rayJob('  shutdownAfterJobFinishes: true');
      assert.deepEqual(messages(text, 'MLK414'), [
        'This GPU RayJob has no activeDeadlineSeconds, so a hung NCCL collective can hold the GPUs indefinitely; set a deadline a little above the expected run time.',
      ]);
      assert.deepEqual(messages(text, 'MLK413'), []);
    });

    it('is silent with a deadline, or when the cluster outlives the job (a deadline frees no GPU there)', () => {
      assert.deepEqual(messages(rayJob('  shutdownAfterJobFinishes: true\n  activeDeadlineSeconds: 7200'), 'MLK414'), []);
      assert.deepEqual(messages(rayJob('  shutdownAfterJobFinishes: false'), 'MLK414'), []);
    });
  });

  describe("vLLM's CPU images serve models like its GPU image", () => {
    const download = 'container "vllm" downloads its model into /root/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.';

    it('a hub model named positionally is downloaded into the Hugging Face cache', () => {
      for (const image of ['vllm/vllm-openai-cpu:latest-x86_64', 'public.ecr.aws/q9t5s3a7/vllm-arm64-cpu-release-repo:v0.10.1']) {
        assert.deepEqual(messages(server(image, '        args: [Qwen/Qwen2.5-0.5B-Instruct]\n'), 'MLK419'), [download], image);
      }
    });

    it('an image that only starts with the name serves nothing known', () => {
      assert.deepEqual(messages(server('registry.example/vllm-openai-cpu-gateway:1.4', '        args: [Qwen/Qwen2.5-0.5B-Instruct]\n'), 'MLK419'), []);
    });
  });
});
