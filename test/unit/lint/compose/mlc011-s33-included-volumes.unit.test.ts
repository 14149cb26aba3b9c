import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { includedVolumes } from '../../../../src/core/lint/compose/included-volumes';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';
import { useLintRepo } from '../support/lint-repo';

// infiniflow/ragflow docker/ (trimmed): the main file includes the base file, which declares the project's volumes
// but not the two the main file mounts.
const main = 'include:\n  - ./docker-compose-base.yml\nservices:\n  ragflow:\n    image: infiniflow/ragflow:v0.19.0\n    volumes:\n      - esdata01:/data\n      - ragflow-deps:/opt/ragflow/.deps\n';
const base = 'services:\n  es01:\n    image: elasticsearch:8.11.3\n    volumes:\n      - esdata01:/usr/share/elasticsearch/data\nvolumes:\n  esdata01: {}\n';

function reader(files: Record<string, string>): (name: string) => Promise<string | undefined> {
  return (name) => Promise.resolve(files[name]);
}

describe('MLC011 volume-undefined: volumes of included files (s33)', () => {
  it('unions the volumes of the included files and of the files they include, relative to the file that names them', async () => {
    const files = { 'a/one.yml': 'include:\n  - ../b/two.yml\nvolumes:\n  one: {}\n', 'b/two.yml': 'volumes:\n  <<: {two: {}}\n  three: {external: true}\n' };
    assert.deepEqual((await includedVolumes('include:\n  - path: [a/one.yml]\n', reader(files)))?.sort(), ['one', 'three', 'two']);
    assert.deepEqual(await includedVolumes('services: {}\n', reader({})), []);
  });

  it('gives nothing to judge by when an included file is unknown: remote, interpolated, missing, not a mapping', async () => {
    const read = reader({ 'ok.yml': 'volumes:\n  v: {}\n', 'list.yml': '- a\n', 'loop.yml': 'include:\n  - loop2.yml\n', 'loop2.yml': 'include:\n  - loop.yml\n' });
    for (const include of ['oci://registry.example/stack:1', 'git@github.com:acme/stack.git', 'https://github.com/acme/stack.git', '${STACK}.yml', 'missing.yml', 'list.yml', '{project_directory: x}']) {
      assert.equal(await includedVolumes(`include:\n  - ok.yml\n  - ${include}\n`, read), undefined, include);
    }
    assert.deepEqual(await includedVolumes('include:\n  - loop.yml\n', read), [], 'a cycle reads each file once (Compose itself refuses it)');
  });

  describe('mlc lint', () => {
    const { write, lint } = useLintRepo('compose-include-volumes');
    const found = (out: string): string[] => (JSON.parse(out) as { file: string; ruleId: string; line: number; message: string }[]).filter((f) => f.ruleId === 'MLC011').map((f) => `${f.file}@${f.line}: ${f.message.slice(0, 70)}`);
    it('reports a volume that neither the file nor its included files declare', async () => {
      write('docker/docker-compose.yml', main);
      write('docker/docker-compose-base.yml', base);
      const { out } = await lint('docker/docker-compose.yml', '--format', 'json', '--failure-threshold', 'none');
      assert.deepEqual(found(out), ['docker/docker-compose.yml@8: Service "ragflow" mounts the volume "ragflow-deps", which no top-level']);
    });
    it('stays silent when an included file cannot be read', async () => {
      write('docker/docker-compose.yml', main);
      const { out } = await lint('docker/docker-compose.yml', '--format', 'json', '--failure-threshold', 'none');
      assert.deepEqual(found(out), []);
    });
  });

  describe('the editor', () => {
    let dir = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-include-volumes-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads the volumes of the included files, and watches them', async () => {
      fs.writeFileSync(path.join(dir, 'docker-compose-base.yml'), base);
      const reads = await composeReadsNear(path.join(dir, 'docker-compose.yml'), main, undefined, dir);
      assert.deepEqual(reads.includedVolumes, ['esdata01']);
      assert.ok(reads.watched.includes(path.join(dir, 'docker-compose-base.yml')));
      fs.rmSync(path.join(dir, 'docker-compose-base.yml'));
      assert.equal((await composeReadsNear(path.join(dir, 'docker-compose.yml'), main, undefined, dir)).includedVolumes, undefined);
    });
  });
});
