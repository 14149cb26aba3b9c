import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { includedPaths, includingProject } from '../../../../src/core/lint/compose/include-files';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';
import { useLintRepo } from '../support/lint-repo';

// helloworld0909/homeGPT docker/ (trimmed): the main file includes one file per model server and the web UI, whose
// service depends on services of the other included files. Compose loads them into one model, so that works.
const main = 'name: home-gpt\ninclude:\n  - compose-vllm.yml\n  - path: [compose-manager.yml]\n  - compose-webui.yml\nnetworks:\n  homegpt-network: {}\n';
const vllm = 'services:\n  vllm-qwen3-vl-30b-a3b:\n    image: vllm/vllm-openai:v0.11.0\n';
const manager = 'services:\n  model-manager:\n    build: ./manager\n';
const webui = 'services:\n  webui:\n    image: ghcr.io/open-webui/open-webui:main\n    depends_on:\n      - vllm-qwen3-vl-30b-a3b\n      - model-manager\n      - vllm-gpt-oss-20b\n';

describe('Compose files another file includes', () => {
  it('reads include entries: short, path as a string or a list; skips remote and interpolated ones', () => {
    assert.deepEqual(includedPaths(main), ['compose-vllm.yml', 'compose-manager.yml', 'compose-webui.yml']);
    assert.deepEqual(includedPaths('include:\n  - path: ./db/compose.yaml\n    project_directory: ./db\n  - oci://registry.example/stack:1\n  - ${EXTRA}.yaml\n'), ['./db/compose.yaml']);
    assert.deepEqual(includedPaths('services: {a: {image: x}}\n'), []);
    assert.deepEqual(includedPaths('include: 3\n'), []);
    assert.deepEqual(includedPaths('\0include:\n  - a.yaml\n'), []);
  });

  it('finds the includer in the folder or the one above, within bounds, and the services of the whole project', async () => {
    const files = new Map([
      ['/r/stack/docker-compose.yml', main],
      ['/r/stack/compose-vllm.yml', vllm],
      ['/r/stack/compose-manager.yml', manager],
      ['/r/stack/compose-webui.yml', webui],
      ['/r/compose.yaml', 'include:\n  - stack/compose-webui.yml\n'],
    ]);
    const reader = {
      names: (dir: string) => Promise.resolve(new Set([...files.keys()].filter((f) => path.dirname(f) === dir).map((f) => path.basename(f)))),
      text: (file: string) => Promise.resolve(files.get(file)),
    };
    const project = await includingProject('/r/stack/compose-webui.yml', reader, (d) => d.startsWith('/r/stack'));
    assert.equal(project?.includer, '/r/stack/docker-compose.yml');
    assert.deepEqual(project?.services.sort(), ['model-manager', 'vllm-qwen3-vl-30b-a3b']);
    assert.deepEqual(project?.files, ['/r/stack/docker-compose.yml', '/r/stack/compose-vllm.yml', '/r/stack/compose-manager.yml']);
    assert.equal(await includingProject('/r/stack/compose-vllm.yml', { ...reader, names: () => Promise.resolve(new Set<string>()) }, () => true), undefined);
    files.delete('/r/stack/docker-compose.yml');
    assert.equal((await includingProject('/r/stack/compose-webui.yml', reader, (d) => d.startsWith('/r/stack')))?.includer, undefined, 'the folder above is out of bounds');
    assert.equal((await includingProject('/r/stack/compose-webui.yml', reader, () => true))?.includer, '/r/compose.yaml');
  });

  describe('mlc lint', () => {
    const { write, lint } = useLintRepo('compose-include');
    it('MLC009: an included file may depend on services of the files included with it, not on services defined nowhere', async () => {
      write('docker/docker-compose.yml', main);
      write('docker/compose-vllm.yml', vllm);
      write('docker/compose-manager.yml', manager);
      write('docker/compose-webui.yml', webui);
      const { out } = await lint('docker/compose-webui.yml', '--format', 'json', '--failure-threshold', 'none');
      const found = (JSON.parse(out) as { file: string; ruleId: string; line: number; message: string }[]).filter((f) => f.ruleId === 'MLC009').map((f) => `${f.file}@${f.line}: ${f.message.slice(0, 50)}`);
      assert.deepEqual(found, ['docker/compose-webui.yml@7: Service "webui" depends on "vllm-gpt-oss-20b", whi']);
    });
  });

  describe('the editor', () => {
    let dir = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-include-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads the project that includes a file, and watches its files', async () => {
      fs.writeFileSync(path.join(dir, 'docker-compose.yml'), main);
      fs.writeFileSync(path.join(dir, 'compose-vllm.yml'), vllm);
      fs.writeFileSync(path.join(dir, 'compose-manager.yml'), manager);
      const reads = await composeReadsNear(path.join(dir, 'compose-webui.yml'), webui, undefined, dir);
      assert.deepEqual(reads.projectServices?.sort(), ['model-manager', 'vllm-qwen3-vl-30b-a3b']);
      assert.ok(reads.watched.includes(path.join(dir, 'docker-compose.yml')) && reads.watched.includes(path.join(dir, 'compose-vllm.yml')));
      assert.equal((await composeReadsNear(path.join(dir, 'docker-compose.yml'), main, undefined, dir)).projectServices, undefined);
    });
  });
});
