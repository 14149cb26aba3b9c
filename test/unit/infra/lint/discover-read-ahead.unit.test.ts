import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverLintTargets } from '../../../../src/infra/lint/discover';

describe('discoverLintTargets read-ahead', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-discover-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hands over the text of the YAML files it classified whole or read for their builds (Compose), and none for Dockerfiles', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: naïve-✓\n';
    fs.writeFileSync(path.join(dir, 'cm.yaml'), manifest);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  api:\n    image: x\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12\n');
    const found = await discoverLintTargets([dir], dir);
    assert.deepEqual(
      found.files.map((f) => [path.basename(f.path), f.kind, f.read]),
      [
        ['Dockerfile', 'dockerfile', undefined],
        ['cm.yaml', 'kubernetes', { ok: true, text: manifest }],
        ['compose.yaml', 'compose', { ok: true, text: 'services:\n  api:\n    image: x\n' }],
      ],
    );
  });

  it('classifies many files read concurrently into the same sorted result', async () => {
    for (let i = 0; i < 60; i++) {
      const kind = i % 3 === 0 ? 'services:\n  s:\n    image: x\n' : i % 3 === 1 ? `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n` : 'just: yaml\n';
      fs.writeFileSync(path.join(dir, `f${String(i).padStart(2, '0')}.yaml`), kind);
    }
    const found = await discoverLintTargets([dir], dir);
    const expected = [...Array(60).keys()].filter((i) => i % 3 !== 2).map((i) => [`f${String(i).padStart(2, '0')}.yaml`, i % 3 === 0 ? 'compose' : 'kubernetes']);
    assert.deepEqual(found.files.map((f) => [path.basename(f.path), f.kind]), expected);
    assert.deepEqual(found.errors, []);
  });

  it('still refuses a binary YAML file given by name with a clear I/O message later (no text handed over)', async () => {
    fs.writeFileSync(path.join(dir, 'bin.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    const found = await discoverLintTargets([path.join(dir, 'bin.yaml')], dir);
    assert.deepEqual(found.files.map((f) => [path.basename(f.path), f.kind, f.read]), [['bin.yaml', 'kubernetes', undefined]]);
  });
});
