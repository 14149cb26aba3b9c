import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hpaTargetKey } from '../../../../src/core/lint/kubernetes/hpa-targets';
import { hpaTargetsNear } from '../../../../src/infra/lint/hpa-near';

describe('infra/lint/hpa-near: HPAs beside a manifest (the editor\'s view)', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-hpa-near-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const hpa = (name: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n  maxReplicas: 4\n`;

  it('reads what the HPAs in the folder\'s other YAML files scale, and sees a file change', async () => {
    fs.writeFileSync(path.join(dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n');
    fs.writeFileSync(path.join(dir, 'hpa.yaml'), hpa('api'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), hpa('txt'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'nested', 'hpa.yaml'), hpa('nested'));
    assert.deepEqual([...(await hpaTargetsNear(dir, path.join(dir, 'deployment.yaml')))], [hpaTargetKey(undefined, 'Deployment', 'api')]);
    fs.writeFileSync(path.join(dir, 'hpa.yaml'), `${hpa('worker')}# renamed\n`);
    assert.deepEqual([...(await hpaTargetsNear(dir))], [hpaTargetKey(undefined, 'Deployment', 'worker')]);
  });

  it('reads the files the kustomizations apply with the linted one, in other folders (builtWith)', async () => {
    const own = path.join(dir, 'deploy', 'deployment.yaml');
    const other = path.join(dir, 'autoscale', 'hpa.yaml');
    fs.mkdirSync(path.dirname(own));
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(own, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n');
    fs.writeFileSync(other, hpa('api'));
    assert.equal((await hpaTargetsNear(path.dirname(own), own)).size, 0);
    assert.deepEqual([...(await hpaTargetsNear(path.dirname(own), own, [other, own]))], [hpaTargetKey(undefined, 'Deployment', 'api')]);
  });

  it('says nothing for a missing folder or unreadable files', async () => {
    assert.equal((await hpaTargetsNear(path.join(dir, 'missing'))).size, 0);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), Buffer.from([0x00, 0x01, 0x02]));
    assert.equal((await hpaTargetsNear(dir)).size, 0);
  });
});
