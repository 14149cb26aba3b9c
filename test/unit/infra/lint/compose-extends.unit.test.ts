import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { maxExtendsFileChars } from '../../../../src/core/lint/compose/extends-files';
import { composeExtendsNear } from '../../../../src/infra/lint/compose-extends';

describe('infra/lint/compose-extends: the files a Compose file extends (the editor\'s view)', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-extends-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const compose = (file: string) => `name: demo\nservices:\n  trainer:\n    extends: {file: ${file}, service: gpu}\n    command: torchrun --nproc_per_node=2 train.py\n`;
  const common = 'services:\n  gpu:\n    image: vllm/vllm-openai:latest\n    shm_size: 64m\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 2, capabilities: [gpu]}]}}}\n';

  it('reads them relative to the folder, by the path as written, so the editor sees the base as mlc lint does', async () => {
    fs.mkdirSync(path.join(dir, 'base'));
    fs.writeFileSync(path.join(dir, 'base', 'common.yml'), common);
    const files = await composeExtendsNear(dir, compose('./base/common.yml'));
    assert.deepEqual([...files.keys()], ['./base/common.yml']);
    const ids = lintCompose(compose('./base/common.yml'), { config: emptyConfig(), extendsFiles: files }).findings.map((f) => `${f.ruleId}@${f.range.start.line}`);
    assert.ok(ids.includes('MLC405@3') && ids.includes('MLC408@3'), ids.join(' '));
  });

  it('leaves out missing, oversized and non-regular files', async () => {
    fs.mkdirSync(path.join(dir, 'folder.yml'));
    fs.writeFileSync(path.join(dir, 'big.yml'), `${common}#${' '.repeat(maxExtendsFileChars)}\n`);
    for (const name of ['missing.yml', 'folder.yml', 'big.yml']) {
      assert.equal((await composeExtendsNear(dir, compose(name))).size, 0, name);
    }
  });
});
