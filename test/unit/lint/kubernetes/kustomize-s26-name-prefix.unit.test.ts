import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kustomizationPatchFacts, setsReplicas } from '../../../../src/core/lint/cross/kustomize-patches';
import { kustomizeBuildSpec } from '../../../../src/core/lint/kubernetes/kustomize';
import { fileKustomizeFacts, kustomizeLayout } from '../../../../src/infra/lint/kustomize-layout';
import { useLintRepo } from '../support/lint-repo';

/** A base Deployment without `replicas:` (one pod), as a base that leaves the count to its overlays is written. */
const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers: [{name: web, image: "example/web:1.0"}]', ''].join('\n');
const replicasPatch = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  replicas: 3\n`;
const json6902Replicas = (name: string) => `patches:\n  - target: {kind: Deployment, name: ${name}}\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n`;

describe('mlc lint: MLK306 finds the workload an overlay names with the prefixes and suffixes of the build', () => {
  const { write, lint } = useLintRepo('kustomize-s26-prefix');
  const mlk306 = async () => (JSON.parse((await lint('--format', 'json', '--min-severity', 'info', '.')).out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLK306').length;
  /** base (with `baseKustomization`) ← overlays/prod (with `overlay`). */
  const layout = (baseKustomization: string, overlay: string, files: Record<string, string> = {}) => {
    write('base/deploy.yaml', deployment);
    write('base/kustomization.yaml', `${baseKustomization}resources: [deploy.yaml]\n`);
    write('overlays/prod/kustomization.yaml', `resources: [../../base]\n${overlay}`);
    Object.entries(files).forEach(([p, t]) => write(p, t));
  };

  it('a replicas: entry naming the Deployment as the base\'s namePrefix renamed it (kf-web)', async () => {
    layout('namePrefix: kf-\n', 'replicas:\n  - {name: kf-web, count: 3}\n');
    assert.equal(await mlk306(), 0);
  });

  it('near miss: a replicas: entry naming another prefixed workload (kf-api)', async () => {
    layout('namePrefix: kf-\n', 'replicas:\n  - {name: kf-api, count: 3}\n');
    assert.equal(await mlk306(), 1);
  });

  it('a replicas: entry naming it with the overlay\'s own prefix and suffix: kustomize sets replicas after renaming', async () => {
    layout('', 'namePrefix: prod-\nnameSuffix: -v2\nreplicas:\n  - {name: prod-web-v2, count: 3}\n');
    assert.equal(await mlk306(), 0);
  });

  it('a strategic-merge patch file naming the base\'s prefixed name', async () => {
    layout('namePrefix: kf-\n', 'patches:\n  - path: replicas.yaml\n', { 'overlays/prod/replicas.yaml': replicasPatch('kf-web') });
    assert.equal(await mlk306(), 0);
  });

  it('a replacement selecting the prefixed name writes spec.replicas', async () => {
    layout('namePrefix: kf-\n', 'replacements:\n  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}\n    targets:\n      - select: {kind: Deployment, name: kf-web}\n        fieldPaths: [spec.replicas]\n');
    assert.equal(await mlk306(), 0);
  });

  describe('two prefixed levels (base kf-, team t-, overlay)', () => {
    const twoLevels = (overlay: string) => {
      write('base/deploy.yaml', deployment);
      write('base/kustomization.yaml', 'namePrefix: kf-\nresources: [deploy.yaml]\n');
      write('team/kustomization.yaml', 'namePrefix: t-\nresources: [../base]\n');
      write('overlays/prod/kustomization.yaml', `resources: [../../team]\n${overlay}`);
    };

    it('a replicas: entry may name the name in between (kf-web): kustomize matches any name the object has had', async () => {
      twoLevels('replicas:\n  - {name: kf-web, count: 3}\n');
      assert.equal(await mlk306(), 0);
    });

    it('a patch target: naming the current name (t-kf-web) sets the replicas', async () => {
      twoLevels(json6902Replicas('t-kf-web'));
      assert.equal(await mlk306(), 0);
    });

    it('near miss: a patch target: naming the name in between selects nothing (the original or the current name only)', async () => {
      twoLevels(json6902Replicas('kf-web'));
      assert.equal(await mlk306(), 1);
    });
  });

  describe('replacements with wildcard field paths', () => {
    const replacement = (select: string, fieldPath: string) => `replacements:\n  - source: {kind: ConfigMap, name: build, fieldPath: data.value}\n    targets:\n      - select: ${select}\n        fieldPaths: ['${fieldPath}']\n`;

    for (const fieldPath of ['spec.template.spec.containers.*.image', 'spec.template.spec.containers.[name=web].image', 'spec.template.metadata.labels.[app.kubernetes.io/version]']) {
      it(`near miss: one writing ${fieldPath} leaves the replicas as written`, async () => {
        layout('namePrefix: kf-\n', replacement('{kind: Deployment, name: kf-web}', fieldPath));
        assert.equal(await mlk306(), 1);
      });
    }

    it('one that selects every Deployment (no name) and writes spec.replicas', async () => {
      layout('namePrefix: kf-\n', replacement('{kind: Deployment}', 'spec.replicas'));
      assert.equal(await mlk306(), 0);
    });
  });
});

describe('mlc lint: MLX012 reads the replicas an overlay sets by a name the object had in between', () => {
  const { write, lint } = useLintRepo('kustomize-s26-between');
  const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n';
  const mlx012 = async (overlay: string) => {
    write('base/deploy.yaml', `${deployment}---\n${pdb}`);
    write('base/kustomization.yaml', 'namePrefix: kf-\nresources: [deploy.yaml]\n');
    write('team/kustomization.yaml', 'namePrefix: t-\nresources: [../base]\n');
    write('overlays/prod/kustomization.yaml', `resources: [../../team]\n${overlay}`);
    return (JSON.parse((await lint('--format', 'json', '.')).out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLX012').length;
  };

  it('a replacement selecting kf-web (the base\'s name, t-kf-web by now) writes spec.replicas: the budget is not judged by the 1 written', async () => {
    assert.equal(await mlx012('replacements:\n  - source: {kind: ConfigMap, name: scale, fieldPath: data.replicas}\n    targets:\n      - select: {kind: Deployment, name: kf-web}\n        fieldPaths: [spec.replicas]\n'), 0);
  });

  it('near miss: a patch target: selecting kf-web matches nothing, so the budget blocks every drain', async () => {
    assert.equal(await mlx012(json6902Replicas('kf-web')), 1);
  });
});

describe('kustomizeLayout: replica counts by the names the files give their objects', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s26-prefix-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const at = (rel: string) => path.join(root, rel);

  it('fileKustomizeFacts gives the entry as written and the name in the base\'s file', async () => {
    write('base/deploy.yaml', deployment);
    write('base/kustomization.yaml', 'namePrefix: kf-\nresources: [deploy.yaml]\n');
    write('overlays/prod/kustomization.yaml', 'resources: [../../base]\nreplicas:\n  - {name: kf-web, count: 3}\n');
    assert.deepEqual((await fileKustomizeFacts(at('base/deploy.yaml'), root)).replicas, [{ name: 'kf-web' }, { name: 'web' }]);
  });

  it('a prefix on another way down does not explain the name (a sibling base renamed, this one not)', async () => {
    write('plain/deploy.yaml', deployment);
    write('plain/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('renamed/kustomization.yaml', 'namePrefix: kf-\nresources: [../plain2]\n');
    write('plain2/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('plain2/deploy.yaml', deployment);
    write('top/kustomization.yaml', 'resources: [../plain, ../renamed]\nreplicas:\n  - {name: kf-web, count: 3}\n');
    const layout = await kustomizeLayout([at('top')]);
    assert.deepEqual(layout.replicasSet.get(at('plain/deploy.yaml')), [{ name: 'kf-web' }]);
    assert.deepEqual(layout.replicasSet.get(at('plain2/deploy.yaml')), [{ name: 'kf-web' }, { name: 'web' }]);
  });

  it('reads the patch files of many overlays (each read once, together), within 100 files per kustomization', async () => {
    write('base/deploy.yaml', deployment);
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    const overlays = Array.from({ length: 30 }, (_, i) => `overlays/o${i}`);
    overlays.forEach((dir, i) => {
      write(`${dir}/kustomization.yaml`, `resources: [../../base]\npatches:\n  - path: replicas.yaml\n`);
      write(`${dir}/replicas.yaml`, replicasPatch(`w${i}`));
    });
    const many = Array.from({ length: 101 }, (_, i) => `  - path: p${i}.yaml\n`).join('');
    write('overlays/many/kustomization.yaml', `resources: [../../base]\npatches:\n${many}`);
    Array.from({ length: 101 }, (_, i) => write(`overlays/many/p${i}.yaml`, replicasPatch(i === 100 ? 'web' : `m${i}`)));
    const set = (await kustomizeLayout([...overlays, 'overlays/many'].map(at))).replicasSet.get(at('base/deploy.yaml')) ?? [];
    assert.equal(set.filter((t) => /^w\d+$/.test(t.name ?? '')).length, 30);
    assert.equal(set.filter((t) => /^m\d+$/.test(t.name ?? '')).length, 100);
    assert.ok(!set.some((t) => t.name === 'web'), 'the 101st patch file is not read');
  });

  it('a patch file outside the folder linted within is not read', async () => {
    write('repo/base/deploy.yaml', deployment);
    write('repo/base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('repo/overlay/kustomization.yaml', 'resources: [../base]\npatches:\n  - path: ../../outside/replicas.yaml\n');
    write('outside/replicas.yaml', replicasPatch('web'));
    assert.equal((await kustomizeLayout([at('repo/overlay')], { within: at('repo') })).replicasSet.get(at('repo/base/deploy.yaml')), undefined);
  });
});

describe('one reader of a kustomization\'s patches for the layout and the cross-file pass', () => {
  it('gives the same entries, in order, with what they write; those that set replicas are picked by setsReplicas', () => {
    const spec = kustomizeBuildSpec(['patches:', '  - path: labels.yaml', '  - path: scale.yaml', json6902Replicas('web').replace('patches:\n', ''), 'replicas:', '  - {name: api, count: 2}', ''].join('\n'));
    assert.ok(spec);
    const files: Record<string, string> = { 'labels.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {tier: gpu}}\n', 'scale.yaml': replicasPatch('web') };
    const facts = kustomizationPatchFacts(spec, (rel) => files[rel]);
    assert.deepEqual(
      facts.map((p) => [p.kind, p.name, setsReplicas(p), p.selectsByName === true, p.seesOwnAffixes === true]),
      [
        ['Deployment', 'web', false, false, false],
        ['Deployment', 'web', true, false, false],
        ['Deployment', 'web', true, true, false],
        [undefined, 'api', true, false, true],
      ],
    );
    assert.deepEqual([...(facts[0]?.labels ?? [])], [['tier', 'gpu']]);
  });
});
