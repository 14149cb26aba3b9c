import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk006-restart-policy-invalid';
import { fileKustomizeFacts } from '../../../../src/infra/lint/kustomize-layout';
import { expectedFindings, walk } from '../cross/support';
import { useLintRepo } from '../support/lint-repo';
import { kubernetesFixturesRoot } from './support';

const ruleDir = path.join(kubernetesFixturesRoot, 'MLK006');

/** This session's kustomize layouts among a rule's fixture folder's entries (a base and the overlays over it). */
const layouts = (id: string, kind: 'fail' | 'pass') =>
  fs
    .readdirSync(path.join(kubernetesFixturesRoot, id, kind), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('s32-kustomize-'))
    .map((e) => path.join(kubernetesFixturesRoot, id, kind, e.name))
    .sort();

/** The rules that leave a pod field a kustomize patch over the file writes: restartPolicy, tolerations, the ServiceAccount. */
for (const [id, field] of [['MLK006', 'restartPolicy'], ['MLK409', 'tolerations'], ['MLK120', 'serviceAccountName']] as const) {
  describe(`${id} leaves a pod whose ${field} a kustomize patch over it sets`, () => {
    const { write, lint, lintWithWorkers } = useLintRepo(`${id.toLowerCase()}-kustomize`);
    const ofRule = (out: string) => (JSON.parse(out) as { file: string; ruleId: string; line: number; column: number; endLine: number; endColumn: number }[]).filter((f) => f.ruleId === id);
    const args = ['--format', 'json', '--min-severity', 'info', '--failure-threshold', 'none', '.'];
    const findings = async () => ofRule((await lint(...args)).out).map((f) => `${f.file}:${f.ruleId}@${f.line}:${f.column}-${f.endLine}:${f.endColumn}`).sort();
    const copy = (dir: string) => walk(dir).forEach((rel) => write(rel, fs.readFileSync(path.join(dir, rel), 'utf8')));

    for (const dir of layouts(id, 'fail')) {
      it(`flags fail/${path.basename(dir)} where its expect line says`, async () => {
        copy(dir);
        const expected = expectedFindings(dir);
        assert.ok(expected.length > 0, 'a fail layout needs "# expect:" lines');
        assert.deepEqual(await findings(), expected);
      });
    }
    for (const dir of layouts(id, 'pass')) {
      it(`does not flag pass/${path.basename(dir)}`, async () => {
        copy(dir);
        assert.deepEqual(await findings(), []);
      });
    }

    it('has fail and pass layouts', () => {
      assert.ok(layouts(id, 'fail').length > 0);
      assert.ok(layouts(id, 'pass').length > 0);
    });

    it('the same in lint worker threads', async () => {
      layouts(id, 'pass').slice(0, 1).forEach(copy);
      assert.deepEqual(ofRule((await lintWithWorkers(2, ...args)).out), []);
    });
  });
}

describe('the editor: MLK006 reads the restartPolicy fileKustomizeFacts finds patched', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s32-mlk006-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const lintFile = async (layout: string, rel: string) => {
    const dir = path.join(ruleDir, layout);
    walk(dir).forEach((r) => {
      fs.mkdirSync(path.dirname(path.join(root, r)), { recursive: true });
      fs.copyFileSync(path.join(dir, r), path.join(root, r));
    });
    const facts = await fileKustomizeFacts(path.join(root, rel), root);
    return lintManifest(fs.readFileSync(path.join(root, rel), 'utf8'), { rules: [rule], kustomizeBuild: facts }).findings.map((f) => f.range.start.line);
  };

  it('a targeted strategic-merge patch for every Job: no finding', async () => {
    assert.deepEqual(await lintFile('pass/s32-kustomize-patch-sets-restart-policy', 'leader-job.yaml'), []);
  });

  it('JSON 6902 operations on a Job and on a CronJob\'s jobTemplate: no finding', async () => {
    assert.deepEqual(await lintFile('pass/s32-kustomize-json6902-restart-policy', 'base/train-job.yaml'), []);
    assert.deepEqual(await lintFile('pass/s32-kustomize-json6902-restart-policy', 'base/nightly-cronjob.yaml'), []);
  });

  it('near miss: patches of another Job, of a Deployment of the same name, and of the Job\'s containers only', async () => {
    assert.deepEqual(await lintFile('fail/s32-kustomize-patch-of-another-job', 'base/jobs.yaml'), [13]);
  });
});
