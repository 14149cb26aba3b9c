import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { ReadersIndex } from '../../../../src/core/lint/compose/readers-index';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';

describe('Compose in the editor: the files a Compose file reads besides its own text', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-reads-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  // The driftarr layout (see extends.unit.test.ts): the stack's common.yml extends the fleet's.
  const gpu = '    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: all, capabilities: [gpu]}]}}}\n';
  const stack = 'name: ml\nservices:\n  vllm:\n    extends: {file: ./common.yml, service: default}\n    image: vllm/vllm-openai:v0.6.3\n';
  const stackDefaults = `services:\n  default:\n    extends: {file: ../common.yml, service: default}\n${gpu}`;
  const shm = (reads: Awaited<ReturnType<typeof composeReadsNear>>) =>
    lintCompose(stack, { config: emptyConfig(), path: 'compose.yaml', extendsFiles: reads.extendsFiles, ...(reads.overrideFile !== undefined ? { overrideFile: reads.overrideFile } : {}) }).findings.filter((f) => f.ruleId === 'MLC405').length;

  it('reads the extends chain relative to each file\'s folder, and names every file to watch, the missing ones too', async () => {
    write('common.yml', 'services:\n  default:\n    restart: unless-stopped\n');
    write('ml/common.yml', stackDefaults);
    const file = path.join(dir, 'ml', 'compose.yaml');
    const reads = await composeReadsNear(file, stack, undefined, dir);
    assert.deepEqual([...reads.extendsFiles.keys()], ['./common.yml', '../common.yml']);
    assert.equal(shm(reads), 1);
    const expected = ['ml/common.yml', 'common.yml', 'ml/compose.override.yml', 'ml/compose.override.yaml', 'ml/docker-compose.override.yml', 'ml/docker-compose.override.yaml', 'ml/.env'];
    assert.deepEqual(reads.watched, expected.map((rel) => path.join(dir, rel)));
  });

  it('takes an open editor\'s text of a base or of the override file over the disk\'s', async () => {
    write('common.yml', 'services:\n  default:\n    restart: unless-stopped\n');
    write('ml/common.yml', stackDefaults);
    write('ml/compose.yaml', stack);
    write('ml/compose.override.yaml', 'services:\n  vllm:\n    restart: always\n');
    const file = path.join(dir, 'ml', 'compose.yaml');
    const edited = (rel: string, text: string) => (p: string) => (p === path.join(dir, rel) ? text : undefined);
    const ipcHost = (name: string) => `services:\n  ${name}:\n    ipc: host\n`;
    assert.equal(shm(await composeReadsNear(file, stack, undefined, dir)), 1, 'as on disk');
    assert.equal(shm(await composeReadsNear(file, stack, edited('common.yml', ipcHost('default')), dir)), 0, 'the fleet file as edited gives ipc: host');
    assert.equal(shm(await composeReadsNear(file, stack, edited('ml/compose.override.yaml', ipcHost('vllm')), dir)), 0, 'the override file as edited gives it');
  });

  it('reads no file whose real path lies outside the workspace folder (or the document\'s folder without one), as mlc lint refuses it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secrets.yml'), 'services:\n  vllm:\n    ipc: host\n  default:\n    ipc: host\n');
      write('ml/compose.yaml', stack);
      write('ml/common.yml', 'services:\n  default:\n    extends: {file: ./linked.yml, service: default}\n');
      fs.symlinkSync(path.join(outside, 'secrets.yml'), path.join(dir, 'ml', 'compose.override.yaml'));
      fs.symlinkSync(path.join(outside, 'secrets.yml'), path.join(dir, 'ml', 'linked.yml'));
      const file = path.join(dir, 'ml', 'compose.yaml');
      for (const boundary of [dir, undefined]) {
        const reads = await composeReadsNear(file, stack, undefined, boundary);
        assert.equal(reads.overrideFile, undefined, `override through a link (${String(boundary)})`);
        assert.deepEqual([...reads.extendsFiles.keys()], ['./common.yml'], `extends base through a link (${String(boundary)})`);
        assert.ok(reads.watched.includes(path.join(dir, 'ml', 'compose.override.yaml')), 'still watched');
      }
      write('common.yml', 'services:\n  default:\n    ipc: host\n');
      write('ml/common.yml', 'services:\n  default:\n    extends: {file: ../common.yml, service: default}\n');
      assert.deepEqual([...(await composeReadsNear(file, stack, undefined, dir)).extendsFiles.keys()], ['./common.yml', '../common.yml'], 'inside the workspace folder');
      assert.deepEqual([...(await composeReadsNear(file, stack)).extendsFiles.keys()], ['./common.yml'], 'outside the document\'s folder, without a workspace folder');
      fs.rmSync(path.join(dir, 'ml', 'compose.override.yaml'));
      fs.symlinkSync(path.join(dir, 'common.yml'), path.join(dir, 'ml', 'compose.override.yaml'));
      assert.equal((await composeReadsNear(file, stack, undefined, dir)).overrideFile, 'services:\n  default:\n    ipc: host\n', 'a link to a file inside the workspace folder is read');
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('ReadersIndex: which documents read which files', () => {
  it('says which files to start and stop watching, and which documents to lint again', () => {
    const index = new ReadersIndex();
    assert.deepEqual(index.set('a', ['base.yml', 'common.yml']), { added: ['base.yml', 'common.yml'], removed: [] });
    assert.deepEqual(index.set('b', ['common.yml', 'override.yml']), { added: ['override.yml'], removed: [] });
    assert.deepEqual(index.readersOf('common.yml'), ['a', 'b']);
    assert.deepEqual(index.set('a', ['base.yml']), { added: [], removed: [] }, 'b still reads common.yml');
    assert.deepEqual(index.readersOf('common.yml'), ['b']);
    assert.deepEqual(index.forget('b').sort(), ['common.yml', 'override.yml']);
    assert.deepEqual(index.forget('b'), []);
    assert.deepEqual(index.forget('a'), ['base.yml']);
    assert.deepEqual(index.readersOf('base.yml'), []);
  });
});
