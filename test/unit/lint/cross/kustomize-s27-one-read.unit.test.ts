import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareCrossPass } from '../../../../src/cli/lint-cross-pass';
import { kustomizeFacts } from '../../../../src/core/lint/cross/kustomize';
import { kustomizationFile } from '../../../../src/core/lint/cross/kustomize-patches';
import type { WorkspaceFs } from '../../../../src/core/lint/cross/types';
import type { LintedFile } from '../../../../src/core/lint/format/report';
import type { RuleMeta } from '../../../../src/core/lint/types';
import { kustomizeLayout } from '../../../../src/infra/lint/kustomize-layout';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: chat-worker\nspec:\n  selector:\n    matchLabels: {app: chat-worker}\n  template:\n    metadata:\n      labels: {app: chat-worker}\n    spec:\n      containers:\n      - name: server\n        image: ghcr.io/example/chat-worker:1.0.0\n';
const hpa = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: chat-worker\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: chat-worker\n  minReplicas: 1\n  maxReplicas: 8\n';
const replicasPatch = (name: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n`;

/** Two overlays over one base, each with its HPA, both naming one patch that sets the Deployment's replicas. */
const tree: Record<string, string> = {
  'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
  'base/deployment.yaml': deployment,
  'overlays/dev/kustomization.yaml': 'namespace: dev\nresources: [../../base, hpa.yaml]\npatches:\n- path: ../../patches/replicas.yaml\n',
  'overlays/dev/hpa.yaml': hpa,
  'overlays/prod/kustomization.yaml': 'namespace: prod\nresources: [../../base, hpa.yaml]\npatches:\n- path: ../../patches/replicas.yaml\n',
  'overlays/prod/hpa.yaml': hpa,
  'patches/replicas.yaml': replicasPatch('chat-worker'),
};

/** An in-memory workspace that counts the reads of each path. */
function countingFs(files: Record<string, string>): { fs: WorkspaceFs; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const dirs = new Set(['', ...Object.keys(files).flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')))]);
  const view: WorkspaceFs = {
    stat: (p) => (p in files ? 'file' : dirs.has(p) ? 'dir' : undefined),
    list: (d) => [...new Set(Object.keys(files).filter((p) => d === '' || p.startsWith(`${d}/`)).map((p) => p.slice(d === '' ? 0 : d.length + 1).split('/')[0] as string))],
    read: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return files[p];
    },
  };
  return { fs: view, reads };
}

describe('kustomize patch and replacements files are read and parsed once a run', () => {
  it('the cross-file pass reads a patch two overlays name once', () => {
    const { fs: view, reads } = countingFs(tree);
    const facts = kustomizeFacts(['base/deployment.yaml', 'overlays/dev/hpa.yaml', 'overlays/prod/hpa.yaml'], view);
    assert.equal(facts?.builds.get('base/deployment.yaml')?.length, 2);
    assert.equal(reads.get('patches/replicas.yaml'), 1);
  });

  it('takes the files read before instead of reading them, and learns the same from them', () => {
    const files = ['base/deployment.yaml', 'overlays/dev/hpa.yaml', 'overlays/prod/hpa.yaml'];
    const read = countingFs(tree);
    const given = countingFs(tree);
    const patch = kustomizationFile(tree['patches/replicas.yaml'] as string);
    const fromDisk = kustomizeFacts(files, read.fs)?.builds.get('base/deployment.yaml');
    const fromGiven = kustomizeFacts(files, given.fs, [], (p) => (p === 'patches/replicas.yaml' ? patch : undefined))?.builds.get('base/deployment.yaml');
    assert.equal(given.reads.get('patches/replicas.yaml'), undefined);
    assert.deepEqual(fromGiven, fromDisk);
  });

  it('a file parsed once as a patch and once as replacements gives the same values each time it is asked', () => {
    const file = kustomizationFile('- source: {kind: ConfigMap, name: images, fieldPath: data.count}\n  targets:\n  - select: {kind: Deployment}\n    fieldPaths: [spec.replicas]\n');
    assert.equal(file.patchDocuments(), file.patchDocuments());
    assert.equal(file.replacements(), file.replacements());
    assert.deepEqual(file.replacements().map((r) => r.fieldPaths), [['spec.replicas']]);
  });

  describe('the CLI hands the layout’s files to the cross-file pass', () => {
    let dir = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-s27-one-read-'));
      fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
      for (const [rel, text] of Object.entries(tree)) {
        fs.mkdirSync(path.dirname(path.join(dir, 'repo', rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'repo', rel), text);
      }
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** The MLX010 findings of the cross-file pass over the HPAs and the Deployment, as `file:line`. */
    async function scaledAndSet(repo: string, kustomizationFiles?: Awaited<ReturnType<typeof kustomizeLayout>>['patchAndReplacementFiles']): Promise<string[]> {
      const targets = ['base/deployment.yaml', 'overlays/dev/hpa.yaml', 'overlays/prod/hpa.yaml'].map((rel) => ({ path: path.join(repo, rel), kind: 'kubernetes' }));
      const linted: LintedFile[] = targets.map((t) => ({ file: path.relative(repo, t.path).split(path.sep).join('/'), findings: [], lines: fs.readFileSync(t.path, 'utf8').split('\n') }));
      const failures: string[] = [];
      const merge = await prepareCrossPass({
        cwd: repo, targets, linted, enabled: new Map<string, RuleMeta>(), noInlineIgnores: false,
        configFor: () => Promise.resolve(undefined), fail: (m) => failures.push(m),
        kustomizationDirs: ['overlays/dev', 'overlays/prod', 'base'].map((rel) => path.join(repo, rel)),
        ...(kustomizationFiles !== undefined ? { kustomizationFiles } : {}),
      });
      merge?.();
      assert.deepEqual(failures, []);
      return linted.flatMap((f) => f.findings.filter((x) => x.ruleId === 'MLX010').map((x) => `${f.file}:${x.range.start.line}`)).sort();
    }

    it('learns from the patch what the layout read, not from the disk again', async () => {
      const repo = path.join(dir, 'repo');
      const layout = await kustomizeLayout([path.join(repo, 'overlays/dev'), path.join(repo, 'overlays/prod')], { within: repo });
      assert.deepEqual([...layout.patchAndReplacementFiles.keys()], [path.join(repo, 'patches', 'replicas.yaml')]);
      // Rewritten after the layout read it: only a second read would see that it now patches another Deployment.
      fs.writeFileSync(path.join(repo, 'patches', 'replicas.yaml'), replicasPatch('another'));
      assert.deepEqual(await scaledAndSet(repo, layout.patchAndReplacementFiles), ['overlays/dev/hpa.yaml:9', 'overlays/prod/hpa.yaml:9']);
    });

    it('near miss: without the layout (the editor) the cross-file pass reads the patch itself', async () => {
      const repo = path.join(dir, 'repo');
      assert.deepEqual(await scaledAndSet(repo), ['overlays/dev/hpa.yaml:9', 'overlays/prod/hpa.yaml:9']);
      fs.writeFileSync(path.join(repo, 'patches', 'replicas.yaml'), replicasPatch('another'));
      assert.deepEqual(await scaledAndSet(repo), []);
    });

    it('near miss: a patch linked out of the repository that the layout read is still not read by the cross-file pass', async () => {
      const repo = path.join(dir, 'repo');
      fs.writeFileSync(path.join(dir, 'outside.yaml'), replicasPatch('chat-worker'));
      fs.rmSync(path.join(repo, 'patches', 'replicas.yaml'));
      fs.symlinkSync(path.join(dir, 'outside.yaml'), path.join(repo, 'patches', 'replicas.yaml'));
      const layout = await kustomizeLayout([path.join(repo, 'overlays/dev'), path.join(repo, 'overlays/prod')], { within: dir });
      assert.equal(layout.patchAndReplacementFiles.size, 1);
      assert.deepEqual(await scaledAndSet(repo, layout.patchAndReplacementFiles), []);
    });
  });
});
