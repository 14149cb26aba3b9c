import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { runDoctorCli } from './support/cli';
import { doctorInProcess, finding } from './support/doctor';
import { kubeconfig, writeKubeconfig } from './support/kubeconfig';
import { closedLoopbackPort } from './support/net';
import { fixturesDir } from './support/paths';
import { makeTempDir } from './support/temp';

describe('Check Environment: kubeconfig files', function () {
  let home: string;
  let dir: string;
  let closedServer: string;

  before(async function () {
    home = await makeTempDir('home');
    dir = await makeTempDir('kube');
    closedServer = `https://127.0.0.1:${await closedLoopbackPort()}`;
  });

  it('with an empty HOME and no KUBECONFIG: info, no contexts, nothing probed', async function () {
    const emptyHome = await makeTempDir('home-empty');
    const run = await runDoctorCli({ HOME: emptyHome });
    assert.equal(run.code, 0, run.stderr);
    const k = run.json.kubernetes;
    assert.equal(k.source, 'default');
    assert.deepEqual(k.files, [{ path: path.join(emptyHome, '.kube', 'config'), exists: false, problem: null }]);
    assert.deepEqual(k.contexts, []);
    assert.equal(k.currentContext, null);
    assert.equal(k.reachable, null);
    assert.equal(k.failure, null);
    assert.deepEqual(k.missingExecPlugins, []);
    const f = finding(run.json, 'kubernetes.kubeconfig');
    assert.equal(f.status, 'info');
    assert.ok(f.summary.includes(path.join(emptyHome, '.kube', 'config')), f.summary);
    assert.ok(!run.json.findings.some((x) => x.id === 'kubernetes.cluster'), 'no cluster finding without a kubeconfig');
  });

  it('reads ~/.kube/config from HOME when KUBECONFIG is unset', async function () {
    const h = await makeTempDir('home-kube');
    await writeKubeconfig(h, '.kube/config', kubeconfig([{ name: 'mlc-home', server: closedServer, token: 't' }], 'mlc-home'));
    const run = await runDoctorCli({ HOME: h });
    assert.equal(run.json.kubernetes.source, 'default');
    assert.deepEqual(run.json.kubernetes.contexts, ['mlc-home']);
    assert.equal(run.json.kubernetes.currentContext, 'mlc-home');
  });

  describe('a malformed file in KUBECONFIG is an error that names the file', function () {
    async function expectBroken(file: string, problem: RegExp): Promise<void> {
      const run = await runDoctorCli({ HOME: home, KUBECONFIG: file }, { nodeOptions: ['--max-old-space-size=96'], timeoutMs: 20_000 });
      assert.equal(run.signal, null, `the CLI was killed (${String(run.signal)}): ${run.stderr}`);
      assert.equal(run.code, 1, run.stderr);
      const k = run.json.kubernetes;
      assert.equal(k.source, 'KUBECONFIG');
      assert.equal(k.files.length, 1);
      assert.equal(k.files[0]?.path, file);
      assert.equal(k.files[0]?.exists, true);
      assert.match(k.files[0]?.problem ?? '', problem);
      assert.deepEqual(k.contexts, []);
      assert.equal(k.reachable, null);
      const f = finding(run.json, 'kubernetes.kubeconfig');
      assert.equal(f.status, 'error');
      assert.equal(f.details?.length, 1);
      assert.ok(f.details?.[0]?.startsWith(`${file}: `), JSON.stringify(f.details));
      assert.match(f.details?.[0] ?? '', problem);
    }

    it('bad YAML', async function () {
      await expectBroken(path.join(fixturesDir, 'kubeconfig', 'bad-yaml.yaml'), /invalid YAML/);
    });

    it('binary content', async function () {
      const file = await writeKubeconfig(dir, 'binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x3a, 0x0a]));
      await expectBroken(file, /binary/);
    });

    it('YAML whose top level is not a mapping', async function () {
      const file = await writeKubeconfig(dir, 'list.yaml', '- just\n- a\n- list\n');
      await expectBroken(file, /not a mapping/);
    });

    it('a "billion laughs" alias bomb: refused in little memory (mocha\'s timeout guards against a hang)', async function () {
      const file = path.join(fixturesDir, 'kubeconfig', 'billion-laughs.yaml');
      // Black box: the CLI under a 96 MB heap cap must finish (expanding the bomb would need GBs).
      await expectBroken(file, /alias/i);

      // In-process: the gatherer itself, timed, with the heap growth measured.
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const json = await doctorInProcess({ HOME: home, KUBECONFIG: file, DOCKER_HOST: 'unix:///var/run/docker.sock' });
      const grownMb = (process.memoryUsage().heapUsed - heapBefore) / (1024 * 1024);
      assert.match(json.kubernetes.files[0]?.problem ?? '', /alias/i);
      assert.ok(grownMb < 64, `the heap grew by ${grownMb.toFixed(1)} MB`);
    });
  });

  it('a valid kubeconfig whose server has nothing listening: unreachable', async function () {
    const file = await writeKubeconfig(dir, 'closed.yaml', kubeconfig([{ name: 'mlc-closed', server: closedServer, token: 'abc' }], 'mlc-closed'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.code, 1, run.stderr);
    const k = run.json.kubernetes;
    assert.deepEqual(k.files, [{ path: file, exists: true, problem: null }]);
    assert.deepEqual(k.contexts, ['mlc-closed']);
    assert.equal(k.currentContext, 'mlc-closed');
    assert.equal(k.reachable, false);
    assert.equal(k.failure, 'unreachable');
    assert.equal(k.serverVersion, null);
    assert.equal(finding(run.json, 'kubernetes.kubeconfig').status, 'ok');
    assert.equal(finding(run.json, 'kubernetes.context').status, 'ok');
    const cluster = finding(run.json, 'kubernetes.cluster');
    assert.equal(cluster.status, 'error');
    assert.ok(cluster.details?.some((d) => d.includes('ECONNREFUSED')), JSON.stringify(cluster.details));
  });

  it('an exec credential plugin that is not installed is listed and is an error', async function () {
    const plugin = 'gke-gcloud-auth-plugin-missing-xyz';
    const file = await writeKubeconfig(dir, 'exec.yaml', kubeconfig([{ name: 'mlc-gke', server: closedServer, exec: { command: plugin } }], 'mlc-gke'));
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: file });
    assert.equal(run.code, 1);
    assert.deepEqual(run.json.kubernetes.missingExecPlugins, [plugin]);
    const f = finding(run.json, 'kubernetes.exec-plugins');
    assert.equal(f.status, 'error');
    assert.ok(f.summary.includes(`\`${plugin}\` (used by mlc-gke-user)`), f.summary);
    // The probe does not run a plugin that is not there, and says why.
    assert.equal(run.json.kubernetes.reachable, false);
    assert.equal(run.json.kubernetes.failure, 'exec-plugin');
  });

  describe('a KUBECONFIG list of several files (kubectl merge rules)', function () {
    it('takes contexts from every file and current-context from the first file that sets it', async function () {
      const first = await writeKubeconfig(dir, 'merge/first.yaml', kubeconfig([{ name: 'mlc-a', server: closedServer, token: 'a' }], 'mlc-a'));
      const second = await writeKubeconfig(dir, 'merge/second.yaml', kubeconfig([{ name: 'mlc-b', server: closedServer, token: 'b' }, { name: 'mlc-c', server: closedServer, token: 'c' }], 'mlc-b'));
      const run = await runDoctorCli({ HOME: home, KUBECONFIG: `${first}:${second}` });
      const k = run.json.kubernetes;
      assert.equal(k.source, 'KUBECONFIG');
      assert.deepEqual(k.files.map((f) => f.path), [first, second]);
      assert.deepEqual(k.contexts, ['mlc-a', 'mlc-b', 'mlc-c']);
      assert.equal(k.currentContext, 'mlc-a');
      assert.match(finding(run.json, 'kubernetes.kubeconfig').summary, /3 contexts \(mlc-a, mlc-b, mlc-c\)/);
    });

    it('skips a first file without current-context, and a missing file, when choosing the current context', async function () {
      const noCurrent = await writeKubeconfig(dir, 'merge2/no-current.yaml', kubeconfig([{ name: 'mlc-x', server: closedServer, token: 'x' }]));
      const missing = path.join(dir, 'merge2', 'does-not-exist.yaml');
      const withCurrent = await writeKubeconfig(dir, 'merge2/with-current.yaml', kubeconfig([{ name: 'mlc-y', server: closedServer, token: 'y' }], 'mlc-y'));
      const run = await runDoctorCli({ HOME: home, KUBECONFIG: `${noCurrent}:${missing}:${withCurrent}` });
      const k = run.json.kubernetes;
      assert.deepEqual(k.files, [
        { path: noCurrent, exists: true, problem: null },
        { path: missing, exists: false, problem: null },
        { path: withCurrent, exists: true, problem: null },
      ]);
      assert.deepEqual(k.contexts, ['mlc-x', 'mlc-y']);
      assert.equal(k.currentContext, 'mlc-y');
      assert.equal(finding(run.json, 'kubernetes.kubeconfig').status, 'ok');
    });

    it('keeps the first definition of a context defined in two files', async function () {
      const a = await writeKubeconfig(dir, 'merge3/a.yaml', kubeconfig([{ name: 'mlc-dup', server: closedServer, token: 'a' }], 'mlc-dup'));
      const b = await writeKubeconfig(dir, 'merge3/b.yaml', kubeconfig([{ name: 'mlc-dup', server: 'https://127.0.0.1:1', token: 'b' }]));
      const run = await runDoctorCli({ HOME: home, KUBECONFIG: `${a}:${b}` });
      assert.deepEqual(run.json.kubernetes.contexts, ['mlc-dup']);
      assert.ok(finding(run.json, 'kubernetes.context').summary.includes(`at ${closedServer}`));
    });
  });

  it('a kubeconfig that is a directory is reported, not crashed on', async function () {
    const d = path.join(dir, 'a-directory');
    await fs.mkdir(d, { recursive: true });
    const run = await runDoctorCli({ HOME: home, KUBECONFIG: d });
    assert.equal(run.code, 1);
    assert.match(run.json.kubernetes.files[0]?.problem ?? '', /not a regular file/);
  });
});
