import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseComposeCli, composeCommand, composeFilesFromLabels, composeProjectName, composeVersion } from '../../../src/core/docker/compose-cli';
import { detectComposeCli, runCompose } from '../../../src/infra/docker/compose-cli';

const none = { found: false, exitCode: null, output: '' };

describe('Compose CLI detection and arguments', function () {
  it('reads versions of both CLIs', function () {
    assert.equal(composeVersion('Docker Compose version v2.24.6\n'), '2.24.6');
    assert.equal(composeVersion('docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3'), '1.29.2');
    assert.equal(composeVersion('docker: unknown command: docker compose'), undefined);
  });

  it('prefers the plugin, falls back to standalone, and says clearly when missing', function () {
    const plugin = { found: true, exitCode: 0, output: 'Docker Compose version v2.24.6' };
    const standalone = { found: true, exitCode: 0, output: 'docker-compose version 1.29.2, build unknown' };
    const noPlugin = { found: true, exitCode: 1, output: "docker: 'compose' is not a docker command." };
    assert.equal(chooseComposeCli(plugin, standalone, 'linux').kind, 'plugin');
    assert.deepEqual(chooseComposeCli(noPlugin, standalone, 'linux'), { kind: 'standalone', file: 'docker-compose', prefix: [], version: '1.29.2' });
    const missing = chooseComposeCli(noPlugin, none, 'linux');
    assert.equal(missing.kind, 'missing');
    assert.ok(missing.kind === 'missing' && /Compose plugin is not installed/.test(missing.message) && /apt-get install docker-compose-plugin/.test(missing.installHint));
    const nothing = chooseComposeCli(none, none, 'darwin');
    assert.ok(nothing.kind === 'missing' && /neither the docker CLI nor docker-compose/.test(nothing.message) && /Docker Desktop/.test(nothing.installHint));
    const broken = chooseComposeCli(noPlugin, { found: true, exitCode: 127, output: 'ImportError: no module named compose\n' }, 'linux');
    assert.ok(broken.kind === 'missing' && /did not report a version \(ImportError/.test(broken.message));
  });

  it('builds argv arrays (no shell) for up, down and logs', function () {
    const plugin = { kind: 'plugin', file: 'docker', prefix: ['compose'], version: '2' } as const;
    const standalone = { kind: 'standalone', file: 'docker-compose', prefix: [], version: '1' } as const;
    assert.deepEqual(composeCommand(plugin, 'up', { files: ['/w/a b/compose.yaml'], projectName: 'p1' }), { file: 'docker', args: ['compose', '-f', '/w/a b/compose.yaml', '-p', 'p1', 'up', '--detach'] });
    assert.deepEqual(composeCommand(standalone, 'down', { files: ['/w/docker-compose.yml'] }), { file: 'docker-compose', args: ['-f', '/w/docker-compose.yml', 'down'] });
    assert.deepEqual(composeCommand(plugin, 'logs', { files: [], projectName: 'p1' }).args, ['compose', '-p', 'p1', 'logs', '--follow', '--tail', '200']);
  });

  it('finds compose files from container labels; sanitises project names', function () {
    assert.deepEqual(composeFilesFromLabels({ 'com.docker.compose.project.config_files': '/w/compose.yaml,override.yaml', 'com.docker.compose.project.working_dir': '/w/' }), ['/w/compose.yaml', '/w/override.yaml']);
    assert.deepEqual(composeFilesFromLabels({}), []);
    assert.equal(composeProjectName('MLC Test.1'), 'mlctest1');
    assert.equal(composeProjectName('_x'), 'p_x');
  });
});

describe('Compose CLI detection on a PATH with fake CLIs', function () {
  let dir: string;

  before(async function () {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlc-compose-'));
    for (const sub of ['plugin', 'standalone', 'empty']) {
      await fs.mkdir(path.join(dir, sub));
    }
    await fs.writeFile(path.join(dir, 'plugin', 'docker'), '#!/bin/sh\n[ "$1 $2" = "compose version" ] && echo "Docker Compose version v2.29.1" && exit 0\necho "$@"\n', { mode: 0o755 });
    await fs.writeFile(path.join(dir, 'standalone', 'docker'), '#!/bin/sh\necho "docker: unknown command: docker $1" >&2\nexit 1\n', { mode: 0o755 });
    await fs.writeFile(path.join(dir, 'standalone', 'docker-compose'), '#!/bin/sh\necho "docker-compose version 1.29.2, build unknown"\n', { mode: 0o755 });
  });

  after(async function () {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds the plugin, the standalone CLI, or neither', async function () {
    assert.equal((await detectComposeCli({ env: { PATH: path.join(dir, 'plugin') }, platform: 'linux' })).kind, 'plugin');
    assert.equal((await detectComposeCli({ env: { PATH: path.join(dir, 'standalone') }, platform: 'linux' })).kind, 'standalone');
    const missing = await detectComposeCli({ env: { PATH: path.join(dir, 'empty') }, platform: 'linux' });
    assert.equal(missing.kind, 'missing');
  });

  it('runs the argv without a shell: metacharacters stay literal', async function () {
    const r = await runCompose({ file: path.join(dir, 'plugin', 'docker'), args: ['compose', '-f', 'a;b $(x)', 'down'] }, { env: { PATH: '/usr/bin:/bin' } });
    assert.equal(r.code, 0);
    assert.equal(r.output.trim(), 'compose -f a;b $(x) down');
  });
});
