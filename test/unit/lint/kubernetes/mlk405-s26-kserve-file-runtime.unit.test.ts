import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

// An OpenShift AI layout in one file: a vLLM ServingRuntime, then the InferenceService that names it.
const runtime = (extra = '', metadata = '') =>
  `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: vllm-cuda${metadata}\nspec:\n  supportedModelFormats: [{name: vLLM}]\n  containers:\n    - name: kserve-container\n      image: registry.example/vllm-cuda:0.8.5\n      command: [python, -m, vllm.entrypoints.openai.api_server]\n      args: ["--port=8080", "--model=/mnt/models"]\n${extra}`;
const service = (name: string, predictor = '', model = '', metadata = '') =>
  `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: ${name}${metadata}\nspec:\n  predictor:\n${predictor}    model:\n      runtime: vllm-cuda\n      modelFormat: {name: vLLM}\n      args: ["--tensor-parallel-size=2"]\n      storageUri: pvc://models/${name}\n      resources: {limits: {nvidia.com/gpu: "2"}}\n${model}`;
const file = (...documents: string[]) => documents.join('---\n');
const mlk405 = (text: string) => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK405');
const lines = (text: string) => mlk405(text).map((f) => f.range.start.line);

const shmVolume = '  volumes:\n    - name: dshm\n      emptyDir: {medium: Memory, sizeLimit: 8Gi}\n';
const shmMount = '      volumeMounts:\n        - name: dshm\n          mountPath: /dev/shm\n';

describe('MLK405 on a KServe InferenceService whose ServingRuntime is in the same file', () => {
  it('reports once, on the runtime container, naming the InferenceService and the server it runs', () => {
    const findings = mlk405(file(runtime(), service('granite')));
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, f.message]),
      [
        [
          8,
          'container "kserve-container" serves InferenceService "granite" with the default 64 MB /dev/shm, which breaks vLLM\'s tensor parallelism (NCCL and PyTorch pass data between its per-GPU worker processes through /dev/shm); mount an emptyDir with medium: Memory and a sizeLimit at /dev/shm in this runtime (KServe merges its volumes and mounts into the model\'s pods).',
        ],
      ],
    );
  });

  it('the order of the documents does not matter, and several InferenceServices make one finding', () => {
    const findings = mlk405(file(service('granite'), service('llama'), runtime()));
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /serves InferenceServices "granite" and 1 more with the default 64 MB/);
  });

  it('the quick fix mounts /dev/shm in the runtime, sized from the model\'s memory limit', () => {
    const text = file(runtime(), service('granite', '', '      resources: {limits: {nvidia.com/gpu: "2", memory: 12Gi}}\n').replace('      resources: {limits: {nvidia.com/gpu: "2"}}\n', ''));
    const fix = mlk405(text)[0]?.fix;
    assert.equal(fix?.title, 'Mount a memory-backed /dev/shm (6Gi)');
    assert.ok(fix?.edits.every((e) => e.range.start.line < 11), 'both edits land in the ServingRuntime');
  });

  it('KServe merges the two halves: a volume in either object mounted at /dev/shm in either container', () => {
    assert.deepEqual(lines(file(runtime(shmMount + shmVolume), service('granite'))), []);
    assert.deepEqual(lines(file(runtime(shmMount), service('granite', '    volumes:\n      - name: dshm\n        emptyDir: {medium: Memory}\n'))), []);
    assert.deepEqual(lines(file(runtime(shmVolume), service('granite', '', '      volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n'))), []);
    assert.deepEqual(lines(file(runtime('      volumeMounts: [{name: dshm, mountPath: /scratch}]\n' + shmVolume), service('granite'))), [8], 'a memory volume mounted elsewhere');
  });

  it('an InferenceService that brings its own /dev/shm (or hostIPC) leaves nothing to report on the runtime', () => {
    const own = service('granite', '    volumes:\n      - name: dshm\n        emptyDir: {medium: Memory}\n', '      volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n');
    assert.deepEqual(lines(file(runtime(), own)), []);
    assert.deepEqual(lines(file(runtime(), service('granite', '    hostIPC: true\n'))), []);
    assert.deepEqual(lines(file(runtime(), own, service('llama'))), [8], 'one of two still lacks it');
  });

  it('a runtime of another namespace is not the one KServe gives the model: the InferenceService keeps its own hedged finding', () => {
    const text = file(runtime('', '\n  namespace: team-a'), service('granite', '', '', '\n  namespace: team-b'));
    assert.deepEqual(
      mlk405(text).map((f) => [f.range.start.line, /unless its ServingRuntime "vllm-cuda" mounts one/.test(f.message)]),
      [
        [9, false],
        [21, true],
      ],
    );
  });

  it('a runtime out of the file keeps the hedged finding on the InferenceService', () => {
    assert.match(mlk405(service('granite'))[0]?.message ?? '', /unless its ServingRuntime "vllm-cuda" mounts one/);
  });
});
