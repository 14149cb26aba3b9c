import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseScaffoldArgs, runScaffoldCommand } from '../../../src/cli/scaffold-command';
import { resolveInside, writePlannedFiles } from '../../../src/infra/scaffold/write';
import { useTempDir, writeFile } from '../support/temp-dir';

function sink(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await runScaffoldCommand(args, out, err);
  return { code, out: out.text, err: err.text };
}

describe('cli/scaffold-command', () => {
  const dir = useTempDir('scaffold');

  describe('parseScaffoldArgs', () => {
    it('reads every option in both spellings', () => {
      assert.deepEqual(parseScaffoldArgs(['--workload=training', '--gpu', '--framework', 'pytorch', '--stack', 'pytorch-2.4.1-cu121', '--out', 'x', '--parts', 'dockerfile,k8s', '--port=9000', '--name', 'n', '--yes']), {
        out: 'x',
        overrides: { workload: 'training', accelerator: 'gpu', framework: 'pytorch', stackId: 'pytorch-2.4.1-cu121', parts: ['dockerfile', 'k8s'], port: 9000, name: 'n' },
        yes: true,
        dryRun: false,
        listStacks: false,
      });
    });

    it('refuses bad values and contradictions', () => {
      assert.deepEqual(parseScaffoldArgs(['--workload', 'jupyter']), { error: '--workload must be one of inference, training, retraining, notebook' });
      assert.deepEqual(parseScaffoldArgs(['--gpu', '--cpu']), { error: '--gpu and --cpu exclude each other' });
      assert.deepEqual(parseScaffoldArgs(['--port', '70000']), { error: '--port must be an integer from 1 to 65535' });
      assert.deepEqual(parseScaffoldArgs(['--parts', 'dockerfile,helm']), { error: '--parts takes a comma-separated subset of dockerfile,dockerignore,app,compose,k8s,ci' });
      assert.deepEqual(parseScaffoldArgs(['--frobnicate']), { error: 'unknown option "--frobnicate"' });
      assert.deepEqual(parseScaffoldArgs(['--out']), { error: '--out needs a value' });
    });
  });

  it('exit 2 without --out, with a bad option, or for a combination the table lacks', async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--bogus'])).code, 2);
    const r = await run(['--out', dir(), '--framework', 'sklearn', '--gpu']);
    assert.equal(r.code, 2);
    assert.match(r.err, /sklearn has no GPU stack/);
    const none = await run(['--out', dir()]);
    assert.equal(none.code, 2);
    assert.match(none.err, /no ML framework detected/);
  });

  it('exit 0 and --help / --list-stacks', async () => {
    assert.match((await run(['--help'])).out, /^Usage: mlc scaffold/);
    const list = await run(['--list-stacks']);
    assert.equal(list.code, 0);
    assert.match(list.out, /^pytorch-2\.5\.1-cu124 +pytorch 2\.5\.1 · CUDA 12\.4\.1/m);
  });

  it('--workload notebook writes the JupyterLab files (exit 0); --operator writes the KServe variant', async () => {
    const notebook = await run(['--out', dir(), '--workload', 'notebook', '--cpu', '--framework', 'sklearn', '--name', 'lab', '--parts', 'dockerfile,compose,k8s']);
    assert.equal(notebook.code, 0, notebook.err);
    for (const p of ['Dockerfile', 'requirements-notebook.txt', 'compose.yaml', 'k8s/deployment.yaml', 'k8s/service.yaml', 'k8s/pvc-notebooks.yaml']) {
      await fs.access(path.join(dir(), p));
    }
    assert.match(await fs.readFile(path.join(dir(), 'k8s', 'service.yaml'), 'utf8'), /port: 8888/);
    const kserve = await run(['--out', path.join(dir(), 'kserve'), '--workload', 'inference', '--cpu', '--framework', 'sklearn', '--parts', 'k8s', '--operator']);
    assert.equal(kserve.code, 0, kserve.err);
    await fs.access(path.join(dir(), 'kserve', 'k8s', 'inferenceservice.yaml'));
  });

  it('--operator where no operator variant exists: exit 2 with the reason', async () => {
    assert.deepEqual(parseScaffoldArgs(['--operator', '--out', 'x']), { out: 'x', overrides: { operator: true }, yes: false, dryRun: false, listStacks: false });
    const r = await run(['--out', dir(), '--workload', 'retraining', '--cpu', '--framework', 'sklearn', '--operator']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no operator variant for retraining with sklearn on CPU/);
  });

  it('writes every planned file into an empty folder (exit 0)', async () => {
    const r = await run(['--out', dir(), '--workload', 'inference', '--cpu', '--framework', 'sklearn', '--name', 'iris']);
    assert.equal(r.code, 0, r.err);
    for (const p of ['Dockerfile', '.dockerignore', 'requirements.txt', 'serve.py', 'compose.yaml', 'k8s/deployment.yaml', 'k8s/kustomization.yaml', '.github/workflows/container.yml', 'monitoring/prometheus.yml']) {
      await fs.access(path.join(dir(), p));
      assert.match(r.out, new RegExp(`^wrote ${p.replace(/\./g, '\\.')}$`, 'm'));
    }
  });

  it('never overwrites an existing file without --yes (exit 1, names what it skipped), and does with --yes', async () => {
    await writeFile(dir(), 'requirements.txt', 'scikit-learn==1.5.1\n');
    await writeFile(dir(), 'Dockerfile', 'FROM scratch\n');
    const first = await run(['--out', dir(), '--parts', 'dockerfile,dockerignore']);
    assert.equal(first.code, 1);
    assert.equal(first.err, 'skipped Dockerfile (exists; --yes to overwrite)\n');
    assert.match(first.out, /^wrote \.dockerignore$/m);
    assert.equal(await fs.readFile(path.join(dir(), 'Dockerfile'), 'utf8'), 'FROM scratch\n');
    assert.equal(await fs.readFile(path.join(dir(), 'requirements.txt'), 'utf8'), 'scikit-learn==1.5.1\n', 'the project requirements are used, not replaced');

    const second = await run(['--out', dir(), '--parts', 'dockerfile,dockerignore', '--yes']);
    assert.equal(second.code, 0);
    assert.match(second.out, /^overwrote Dockerfile$/m);
    assert.match(await fs.readFile(path.join(dir(), 'Dockerfile'), 'utf8'), /^FROM python:3\.11\.9-slim-bookworm AS runtime$/m);
  });

  it('detects the project in --out: a Poetry JAX project gets its declared requirements carried over', async () => {
    await fs.cp(path.resolve(__dirname, '..', '..', 'fixtures', 'scaffold', 'poetry-jax'), dir(), { recursive: true });
    const r = await run(['--out', dir(), '--workload', 'training', '--parts', 'dockerfile']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^training · jax 0\.4\.31 · CPU/);
    assert.deepEqual((await fs.readFile(path.join(dir(), 'requirements.txt'), 'utf8')).split('\n').filter((l) => l && !l.startsWith('#')), ['jax==0.4.31', 'flax==0.8.5']);
  });

  it('--dry-run lists files and writes nothing', async () => {
    const r = await run(['--out', dir(), '--framework', 'pytorch', '--gpu', '--workload', 'training', '--dry-run']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^would write k8s\/job\.yaml$/m);
    assert.deepEqual(await fs.readdir(dir()), []);
  });

  it('--dry-run names the existing files it would skip', async () => {
    await fs.writeFile(path.join(dir(), 'Dockerfile'), 'FROM scratch\n');
    const r = await run(['--out', dir(), '--framework', 'pytorch', '--cpu', '--workload', 'training', '--dry-run']);
    assert.equal(r.code, 0);
    assert.match(r.out, /^would skip \(exists; --yes to overwrite\) Dockerfile$/m);
    assert.equal(await fs.readFile(path.join(dir(), 'Dockerfile'), 'utf8'), 'FROM scratch\n');
  });

  it('writePlannedFiles refuses paths that escape the root', async () => {
    assert.throws(() => resolveInside('/a/b', '../c'), /outside/);
    assert.throws(() => resolveInside('/a/b', '/etc/passwd'), /outside/);
    await assert.rejects(writePlannedFiles(dir(), [{ path: '../escape.txt', content: 'x' }], true), /outside/);
  });
});
