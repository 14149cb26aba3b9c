import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { KustomizeReplacedFields } from '../../../../src/core/lint/kubernetes/kustomize';
import { patchWrittenPaths } from '../../../../src/core/lint/kubernetes/kustomize-patched-fields';
import { fileKustomizeFacts, kustomizeBuildOf, kustomizeLayout } from '../../../../src/infra/lint/kustomize-layout';

const gpuToleration = '[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]';
const daemonSet = (name: string, spec: string) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const tolerationsPatch = (name: string, tolerations = gpuToleration) => daemonSet(name, `  template:\n    spec:\n      tolerations: ${tolerations}\n`);
const operation = (op: string, at: string, value?: string) => `- op: ${op}\n  path: ${at}${value !== undefined ? `\n  value: ${value}` : ''}\n`;
const podTolerations = 'spec.template.spec.tolerations';
const writesTolerations = (paths: readonly string[]) => paths.some((p) => p === podTolerations || p.startsWith(`${podTolerations}.`));
/** The objects whose pod tolerations the patched fields write; undefined for none. */
const tolerationTargets = (fields: readonly KustomizeReplacedFields[] | undefined) => {
  const targets = (fields ?? []).filter((t) => writesTolerations(t.fieldPaths)).map(({ kind, name }) => ({ ...(kind !== undefined ? { kind } : {}), ...(name !== undefined ? { name } : {}) }));
  return targets.length > 0 ? targets : undefined;
};

describe('patchWrittenPaths: the patch documents that set a pod template\'s tolerations', () => {
  const sets = (text: string) => writesTolerations(patchWrittenPaths(parse(text) as unknown));

  it('a strategic-merge patch with a list of tolerations', () => assert.equal(sets(tolerationsPatch('agent')), true));

  for (const [what, text] of [
    ['an empty list (the pod then tolerates nothing)', tolerationsPatch('agent', '[]')],
    ['tolerations: null (it deletes them)', tolerationsPatch('agent', 'null')],
    ['a patch of the container resources', daemonSet('agent', '  template:\n    spec:\n      containers: [{name: agent, resources: {limits: {memory: 128Mi}}}]\n')],
    ['tolerations at the pod spec\'s level of another field (spec.tolerations)', daemonSet('agent', `  tolerations: ${gpuToleration}\n`)],
  ] as const) {
    it(`near miss: ${what}`, () => assert.equal(sets(text), false));
  }

  for (const [what, text] of [
    ['add of the list', operation('add', '/spec/template/spec/tolerations', gpuToleration)],
    ['add of an entry at the end', operation('add', '/spec/template/spec/tolerations/-', '{key: nvidia.com/gpu, operator: Exists}')],
    ['replace of a field of an entry', operation('replace', '/spec/template/spec/tolerations/0/key', 'nvidia.com/gpu')],
    ['replace of the pod spec with a value that holds them', operation('replace', '/spec/template/spec', `{tolerations: ${gpuToleration}, containers: []}`)],
    ['add of the whole spec, after an operation on something else', operation('add', '/metadata/labels/tier', 'gpu') + operation('add', '/spec', `{template: {spec: {tolerations: ${gpuToleration}}}}`)],
    ['copy into the list', '- op: copy\n  from: /spec/template/spec/affinity\n  path: /spec/template/spec/tolerations\n'],
  ] as const) {
    it(`a JSON 6902 ${what}`, () => assert.equal(sets(text), true));
  }

  for (const [what, text] of [
    ['remove of the list', operation('remove', '/spec/template/spec/tolerations')],
    ['test of the list', operation('test', '/spec/template/spec/tolerations', gpuToleration)],
    ['add of an empty list', operation('add', '/spec/template/spec/tolerations', '[]')],
    ['replace of the pod spec without them', operation('replace', '/spec/template/spec', '{containers: []}')],
    ['add to the containers', operation('add', '/spec/template/spec/containers/0/env/-', '{name: A, value: b}')],
    ['add of a key that only starts like it', operation('add', '/spec/template/spec/tolerationsSeconds', '5')],
    ['a path without its leading slash', operation('add', 'spec/template/spec/tolerations', gpuToleration)],
  ] as const) {
    it(`near miss: a JSON 6902 ${what}`, () => assert.equal(sets(text), false));
  }
});

describe('kustomizeLayout: the objects whose pod tolerations a build over a file patches', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s29-tolerations-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const at = (rel: string) => path.join(root, rel);
  const base = 'base/device-plugin.yaml';
  const withOverlay = (overlay: string, files: Record<string, string> = {}, baseKustomization = '') => {
    write(base, daemonSet('device-plugin', '  template:\n    spec:\n      containers: [{name: plugin, image: "nvcr.io/nvidia/k8s-device-plugin:v0.17.0"}]\n'));
    write('base/kustomization.yaml', `${baseKustomization}resources: [device-plugin.yaml]\n`);
    write('overlays/gpu/kustomization.yaml', `resources: [../../base]\n${overlay}`);
    Object.entries(files).forEach(([rel, text]) => write(`overlays/gpu/${rel}`, text));
  };
  const patched = async () => tolerationTargets((await kustomizeLayout([at('overlays/gpu')])).patchedFields.get(at(base)));

  it('a strategic-merge patch file: the DaemonSet it names, in the layout and its KustomizeBuild', async () => {
    withOverlay('patches:\n  - path: tolerations.yaml\n', { 'tolerations.yaml': tolerationsPatch('device-plugin') });
    const layout = await kustomizeLayout([at('overlays/gpu')]);
    assert.deepEqual(tolerationTargets(layout.patchedFields.get(at(base))), [{ kind: 'DaemonSet', name: 'device-plugin' }]);
    assert.deepEqual(kustomizeBuildOf(layout, at(base)), { selectors: false, images: [], patchedFields: [{ kind: 'DaemonSet', name: 'device-plugin', fieldPaths: [podTolerations] }] });
    assert.equal(layout.replicasSet.get(at(base)), undefined, 'it sets no replicas');
  });

  it('a legacy patchesStrategicMerge entry, inline', async () => {
    withOverlay(`patchesStrategicMerge:\n  - |-\n${tolerationsPatch('device-plugin').replace(/^/gm, '    ')}\n`);
    assert.deepEqual(await patched(), [{ kind: 'DaemonSet', name: 'device-plugin' }]);
  });

  it('an inline JSON 6902 patch: its target, by the name the base gives (the overlay\'s own namePrefix comes after its patches)', async () => {
    withOverlay(`namePrefix: gpu-\npatches:\n  - target: {kind: DaemonSet, name: device-plugin}\n    patch: |-\n${operation('add', '/spec/template/spec/tolerations', gpuToleration).replace(/^/gm, '      ')}`);
    assert.deepEqual(await patched(), [{ kind: 'DaemonSet', name: 'device-plugin' }]);
  });

  it('a patchesJson6902 file, naming the object by the prefix its base gave it', async () => {
    withOverlay('patchesJson6902:\n  - target: {group: apps, version: v1, kind: DaemonSet, name: nv-device-plugin}\n    path: tolerations.yaml\n', { 'tolerations.yaml': operation('add', '/spec/template/spec/tolerations', gpuToleration) }, 'namePrefix: nv-\n');
    assert.deepEqual(await patched(), [{ kind: 'DaemonSet', name: 'nv-device-plugin' }, { kind: 'DaemonSet', name: 'device-plugin' }]);
  });

  it('fileKustomizeFacts (the editor\'s) carries them for the base file', async () => {
    withOverlay('patches:\n  - path: tolerations.yaml\n', { 'tolerations.yaml': tolerationsPatch('device-plugin') });
    assert.deepEqual(tolerationTargets((await fileKustomizeFacts(at(base), root)).patchedFields), [{ kind: 'DaemonSet', name: 'device-plugin' }]);
  });

  it('near miss: a patch of the container resources, one that empties the tolerations, and a patch file that is missing', async () => {
    withOverlay('patches:\n  - path: resources.yaml\n  - path: empty.yaml\n  - path: missing.yaml\n', {
      'resources.yaml': daemonSet('device-plugin', '  template:\n    spec:\n      containers: [{name: plugin, resources: {limits: {memory: 128Mi}}}]\n'),
      'empty.yaml': tolerationsPatch('device-plugin', '[]'),
    });
    assert.equal(await patched(), undefined);
    assert.deepEqual(kustomizeBuildOf(await kustomizeLayout([at('overlays/gpu')]), at(base))?.patchedFields, [{ kind: 'DaemonSet', name: 'device-plugin', fieldPaths: ['spec.template.spec.containers'] }]);
  });

  it('near miss: a JSON 6902 patch of another DaemonSet names only that one', async () => {
    withOverlay(`patches:\n  - target: {kind: DaemonSet, name: dcgm-exporter}\n    patch: |-\n${operation('add', '/spec/template/spec/tolerations', gpuToleration).replace(/^/gm, '      ')}`);
    assert.deepEqual(await patched(), [{ kind: 'DaemonSet', name: 'dcgm-exporter' }]);
  });

  it('as for replicas, a JSON 6902 patch without a target (which kustomize refuses) names no kind or name: any object', async () => {
    withOverlay(`patches:\n  - patch: |-\n${operation('add', '/spec/template/spec/tolerations', gpuToleration).replace(/^/gm, '      ')}`);
    assert.deepEqual(await patched(), [{}]);
  });
});
