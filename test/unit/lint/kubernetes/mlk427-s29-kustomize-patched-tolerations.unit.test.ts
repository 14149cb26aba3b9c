import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk427-gpu-node-agent-without-gpu-toleration';
import { fileKustomizeFacts } from '../../../../src/infra/lint/kustomize-layout';
import { expectedFindings, walk } from '../cross/support';
import { useLintRepo } from '../support/lint-repo';
import { kubernetesFixturesRoot } from './support';

const ruleDir = path.join(kubernetesFixturesRoot, 'MLK427');

/** The kustomize layouts among a fixture folder's entries (a base and the overlays over it). */
const layouts = (kind: 'fail' | 'pass') =>
  fs
    .readdirSync(path.join(ruleDir, kind), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(ruleDir, kind, e.name))
    .sort();

/** A device-plugin DaemonSet that tolerates no taint, as a base whose overlays add the tolerations is written. */
const devicePlugin = [
  'apiVersion: apps/v1',
  'kind: DaemonSet',
  'metadata: {name: device-plugin, namespace: kube-system}',
  'spec:',
  '  selector: {matchLabels: {name: device-plugin}}',
  '  template:',
  '    metadata: {labels: {name: device-plugin}}',
  '    spec:',
  '      containers: [{name: plugin, image: "nvcr.io/nvidia/k8s-device-plugin:v0.17.0"}]',
  '',
].join('\n');
const base = { 'base/kustomization.yaml': 'resources: [device-plugin.yaml]\n', 'base/device-plugin.yaml': devicePlugin };
const gpuToleration = '[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]';
const tolerationsPatch = (name: string) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      tolerations: ${gpuToleration}\n`;
const addTolerations = (indent: string) => `${indent}- op: add\n${indent}  path: /spec/template/spec/tolerations\n${indent}  value: ${gpuToleration}\n`;

describe('MLK427 leaves a GPU node-agent DaemonSet whose tolerations a kustomization over it patches', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('mlk427-kustomize');
  const mlk427 = (out: string) => (JSON.parse(out) as { file: string; ruleId: string; line: number; column: number; endLine: number; endColumn: number }[]).filter((f) => f.ruleId === 'MLK427');
  const findings = async () => mlk427((await lint('--format', 'json', '--min-severity', 'info', '.')).out).map((f) => `${f.file}:${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`).sort();
  const copy = (dir: string) => walk(dir).forEach((rel) => write(rel, fs.readFileSync(path.join(dir, rel), 'utf8')));

  describe('golden kustomize layouts', () => {
    for (const dir of layouts('fail')) {
      it(`flags fail/${path.basename(dir)} where its expect line says`, async () => {
        copy(dir);
        const expected = expectedFindings(dir);
        assert.ok(expected.length > 0, 'a fail layout needs "# expect:" lines');
        assert.deepEqual(await findings(), expected);
      });
    }
    for (const dir of layouts('pass')) {
      it(`does not flag pass/${path.basename(dir)}`, async () => {
        copy(dir);
        assert.deepEqual(await findings(), []);
      });
    }
    it('has fail and pass layouts', () => {
      assert.ok(layouts('fail').length > 0);
      assert.ok(layouts('pass').length >= 3);
    });
  });

  const withOverlay = (kustomization: string, files: Record<string, string> = {}) => {
    Object.entries({ ...base, ...files }).forEach(([p, t]) => write(p, t));
    write('overlays/gpu/kustomization.yaml', `resources: [../../base]\n${kustomization}`);
  };

  it('an overlay that patches the tolerations by name, its namePrefix added after (in lint worker threads too)', async () => {
    withOverlay('namePrefix: gpu-\npatches:\n  - path: tolerations.yaml\n', { 'overlays/gpu/tolerations.yaml': tolerationsPatch('device-plugin') });
    assert.deepEqual(await findings(), []);
    assert.equal(mlk427((await lintWithWorkers(2, '--format', 'json', '--min-severity', 'info', '.')).out).length, 0);
  });

  it('near miss: the same patch, naming another DaemonSet', async () => {
    withOverlay('patches:\n  - path: tolerations.yaml\n', { 'overlays/gpu/tolerations.yaml': tolerationsPatch('dcgm-exporter') });
    assert.deepEqual(await findings(), ['base/device-plugin.yaml:MLK427@2:7-2:16']);
  });

  it('near miss: a JSON 6902 patch adding tolerations to a Deployment of that name', async () => {
    withOverlay(`patches:\n  - target: {kind: Deployment, name: device-plugin}\n    patch: |-\n${addTolerations('      ')}`);
    assert.deepEqual(await findings(), ['base/device-plugin.yaml:MLK427@2:7-2:16']);
  });

  it('near miss: a patch file the overlay names but that is not there, and one that removes the tolerations', async () => {
    withOverlay('patches:\n  - path: missing.yaml\n  - target: {kind: DaemonSet, name: device-plugin}\n    patch: |-\n      - op: remove\n        path: /spec/template/spec/tolerations\n');
    assert.deepEqual(await findings(), ['base/device-plugin.yaml:MLK427@2:7-2:16']);
  });

  it('a target whose name is a pattern may be this DaemonSet: left alone, as MLK306 leaves replicas', async () => {
    withOverlay(`patches:\n  - target: {kind: DaemonSet, name: ".*-plugin"}\n    patch: |-\n${addTolerations('      ')}`);
    assert.deepEqual(await findings(), []);
  });
});

describe('the editor: MLK427 reads the tolerations fileKustomizeFacts finds patched', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s29-mlk427-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const lintBase = async () => {
    const facts = await fileKustomizeFacts(path.join(root, 'base/device-plugin.yaml'), root);
    return lintManifest(devicePlugin, { rules: [rule], kustomizeBuild: facts }).findings;
  };

  it('an overlay\'s patchesJson6902 entry adding the tolerations: no finding, so no quick fix', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/gpu/kustomization.yaml', 'resources: [../../base]\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: DaemonSet, name: device-plugin}\n    path: tolerations.yaml\n');
    write('overlays/gpu/tolerations.yaml', addTolerations(''));
    assert.deepEqual(await lintBase(), []);
  });

  it('near miss: an overlay that patches the resources only: flagged, with the fix', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/gpu/kustomization.yaml', 'resources: [../../base]\npatches:\n  - path: resources.yaml\n');
    write('overlays/gpu/resources.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: device-plugin}\nspec:\n  template:\n    spec:\n      containers: [{name: plugin, resources: {limits: {memory: 128Mi}}}]\n');
    const found = await lintBase();
    assert.equal(found.length, 1);
    assert.ok(found[0]?.fix, 'the fix that adds the toleration');
  });
});
