import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** Messages of `id` for a Pod with the given spec lines (indented by two spaces under `spec:`). */
function messages(spec: string, id: string): string[] {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
  return lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);
}

/** One container `c` with the image and extra container lines (indented by six spaces), and the pod's volumes. */
function pod(image: string, container: string, podVolumes = ''): string {
  return `  containers:\n    - name: c\n      image: ${image}\n${container}${podVolumes}`;
}

describe('round 3 sweep of public GPU manifests: what the messages say', () => {
  describe('MLK104 names the model cache the server really keeps', () => {
    const writable = 'container "c" has a writable root filesystem; set readOnlyRootFilesystem: true and';
    const models = '  volumes:\n    - {name: models, persistentVolumeClaim: {claimName: models}}\n    - {name: tmp, emptyDir: {}}\n';

    it('Ollama keeps its models in /root/.ollama: a volume there is its model cache', () => {
      assert.deepEqual(messages(pod('ollama/ollama:0.5.7', '      volumeMounts: [{name: models, mountPath: /root/.ollama}]\n', models), 'MLK104'), [
        `${writable} mount an emptyDir volume at /tmp (its model cache already has a volume).`,
      ]);
      assert.deepEqual(messages(pod('ollama/ollama:0.5.7', ''), 'MLK104'), [`${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /root/.ollama).`]);
    });

    it('OLLAMA_MODELS moves it', () => {
      const moved = '      env: [{name: OLLAMA_MODELS, value: /models}]\n      resources: {limits: {nvidia.com/gpu: 1}}\n      volumeMounts: [{name: models, mountPath: /models}, {name: tmp, mountPath: /tmp}]\n';
      assert.deepEqual(messages(pod('registry.example/ollama-nvidia:0.5.7', moved, models), 'MLK104'), [`${writable} keep writes on its volumes (it already mounts /tmp and its model cache).`]);
    });

    it('TGI keeps its downloads in /data', () => {
      assert.deepEqual(messages(pod('ghcr.io/huggingface/text-generation-inference:2.4.1', ''), 'MLK104'), [`${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /data).`]);
    });

    it('a vLLM server keeps the Hugging Face cache', () => {
      assert.deepEqual(messages(pod('vllm/vllm-openai:v0.6.3', '      volumeMounts: [{name: models, mountPath: /root/.ollama}]\n', models), 'MLK104'), [
        `${writable} mount emptyDir volumes at /tmp and the model cache (e.g. /root/.cache/huggingface).`,
      ]);
    });
  });

  describe('MLK411 says what CUDA_VISIBLE_DEVICES set to a word does', () => {
    const gpu = (value: string) => messages(pod('registry.example/serve:1', `      env: [{name: CUDA_VISIBLE_DEVICES, value: "${value}"}]\n      resources: {limits: {nvidia.com/gpu: 2}}\n`), 'MLK411');

    it('"all" or -1 is no GPU index: CUDA stops there and sees no GPU', () => {
      assert.deepEqual(gpu('all'), [
        'container "c" sets CUDA_VISIBLE_DEVICES to "all", which is not a GPU index or UUID: CUDA stops reading the list at the first entry it cannot parse, so the container\'s processes see no GPU at all; remove it and let the GPU request decide.',
      ]);
      assert.match(gpu('-1')[0] ?? '', /to "-1", which is not a GPU index or UUID/);
    });

    it('UUIDs and $(VAR) references keep the general message; indices past the request say CUDA finds no device; indices within it are remapping', () => {
      const general = ['container "c" sets CUDA_VISIBLE_DEVICES, which overrides the devices the device plugin allocated; remove it and let the GPU request decide.'];
      assert.match(gpu('4,5')[0] ?? '', /to "4,5", but the container is given 2 GPUs, which it sees as indices 0-1 .*CUDA finds no device 4/);
      assert.deepEqual(gpu('GPU-6b5b5d55-1c2b-4f0e-9d4b-1e8f4c2a7b10'), general);
      assert.deepEqual(gpu('$(GPU_IDS)'), general);
      assert.deepEqual(gpu('1,0'), []);
    });
  });

  describe('MLK112 tells a declared hostPath from a mounted one', () => {
    const volumes = '  volumes:\n    - {name: sys, hostPath: {path: /sys}}\n';

    it('a sensitive hostPath no container mounts is only to be removed', () => {
      assert.deepEqual(messages(pod('rayproject/ray:2.47.0-gpu', ''), 'MLK112').length, 0);
      assert.deepEqual(messages(pod('rayproject/ray:2.47.0-gpu', '', volumes), 'MLK112'), [
        'The hostPath volume "sys" declares /sys from the node, though no container mounts it; remove it (Pod Security\'s baseline level rejects the pod for the volume alone).',
      ]);
    });

    it('a mounted one, by an init container too, reaches into the node', () => {
      const mounted = 'The hostPath volume "sys" mounts /sys from the node; remove it or mount only the specific path needed (datasets on local disks are fine).';
      assert.deepEqual(messages(pod('rayproject/ray:2.47.0-gpu', '      volumeMounts: [{name: sys, mountPath: /host/sys}]\n', volumes), 'MLK112'), [mounted]);
      const init = `  initContainers:\n    - name: i\n      image: busybox:1.36\n      volumeMounts: [{name: sys, mountPath: /host/sys}]\n${pod('rayproject/ray:2.47.0-gpu', '', volumes)}`;
      assert.deepEqual(messages(init, 'MLK112'), [mounted]);
    });
  });
});
