// Every distinct requirements.txt the quick-pick matrix generates resolves against the Python
// Package Index: `pip install --dry-run --ignore-installed --report`, metadata only (a recent pip
// reads the wheels' separate metadata files, so no multi-GB torch wheel is downloaded).
//
// What is and is not checked:
// - The full dependency resolution runs on this host's Python (3.11 on the Debian CI machine, the
//   same minor as the CPU images). GPU images run Ubuntu 22.04's Python 3.10, and pip can only
//   resolve for another Python with binary-only wheels, which some dependencies lack (vLLM needs the
//   sdist-only `pyairports`). So for those rows a second, binary-only pass with --no-deps checks that
//   every top-level pin has a wheel for CPython 3.10 on manylinux x86_64.
// - Only the default index is asked. Rows whose Dockerfile adds PyTorch's own wheel index (CPU
//   builds, `+cpu` local versions) are checked against the index's builds of the same version, which
//   are the CUDA builds: the pin exists and resolves, the variant is the extra index's business.
//
// Results are cached under ~/.cache/ml-containers/pip-check/, keyed by a hash of the file and the
// pass, so reruns are offline. An unreachable index fails the test with a clear message.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { normaliseName, parseRequirementsTxt } from '../../../src/core/scaffold/requirements';
import { groupBy, scaffoldMatrix } from '../../unit/scaffold/scaffold-matrix';
import { runProcess } from '../support/process';
import { makeTempDir } from '../support/temp';

const cacheDir = path.join(os.homedir(), '.cache', 'ml-containers', 'pip-check');
const venvPython = path.join(cacheDir, 'venv', 'bin', 'python');
const resultsDir = path.join(cacheDir, 'results');
const manylinux = ['manylinux2014_x86_64', ...Array.from({ length: 31 }, (_, i) => `manylinux_2_${i + 5}_x86_64`)];
const unreachable = /NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|Could not fetch URL|ConnectTimeout|ReadTimeout|Network is unreachable|ProxyError|Max retries exceeded/;

/** pip's environment without this machine's index settings: the default index, nothing local. */
function pipEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' };
  for (const key of ['PIP_FIND_LINKS', 'PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_NO_INDEX', 'PIP_CONFIG_FILE']) {
    delete env[key];
  }
  return env;
}

function indexFailure(step: string, output: string): Error {
  return new Error(
    unreachable.test(output)
      ? `The Python Package Index is unreachable from this host, so ${step} cannot be checked (this test needs it on a cold cache):\n${output.slice(-1500)}`
      : `${step} failed:\n${output.slice(-3000)}`,
  );
}

async function ensureVenv(): Promise<string> {
  const marker = path.join(cacheDir, 'venv.complete');
  if (!(await fs.stat(marker).catch(() => undefined))) {
    await fs.rm(path.join(cacheDir, 'venv'), { recursive: true, force: true });
    await fs.mkdir(cacheDir, { recursive: true });
    const venv = await runProcess('python3', ['-m', 'venv', path.join(cacheDir, 'venv')], { timeoutMs: 120_000 });
    assert.equal(venv.code, 0, `python3 -m venv failed: ${venv.stderr}`);
    // A recent pip resolves from the index's metadata files instead of downloading whole wheels.
    const pip = await runProcess(venvPython, ['-m', 'pip', 'install', '--quiet', '--timeout', '20', '--retries', '1', '--upgrade', 'pip'], { env: pipEnv(), timeoutMs: 300_000 });
    if (pip.code !== 0) {
      throw indexFailure('upgrading pip for the check', `${pip.stdout}${pip.stderr}`);
    }
    await fs.writeFile(marker, '');
  }
  const version = await runProcess(venvPython, ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")']);
  assert.equal(version.code, 0, version.stderr);
  return version.stdout.trim();
}

/** name -> version of everything pip would install, from its JSON report; cached by file and pass. */
async function resolve(requirements: string, passArgs: string[], step: string): Promise<Record<string, string>> {
  const key = createHash('sha256').update(JSON.stringify([requirements, passArgs])).digest('hex');
  const cached = path.join(resultsDir, `${key}.json`);
  const hit = await fs.readFile(cached, 'utf8').catch(() => undefined);
  if (hit) {
    return JSON.parse(hit) as Record<string, string>;
  }
  const dir = await makeTempDir('pip-check');
  await fs.writeFile(path.join(dir, 'requirements.txt'), requirements);
  const report = path.join(dir, 'report.json');
  const args = ['-m', 'pip', 'install', '--dry-run', '--ignore-installed', '--quiet', '--timeout', '20', '--retries', '1', '--report', report, ...passArgs, '-r', 'requirements.txt'];
  const r = await runProcess(venvPython, args, { cwd: dir, env: pipEnv(), timeoutMs: 540_000 });
  if (r.code !== 0) {
    throw indexFailure(step, `${r.stdout}${r.stderr}`);
  }
  const parsed = JSON.parse(await fs.readFile(report, 'utf8')) as { install: { metadata: { name: string; version: string } }[] };
  const resolved = Object.fromEntries(parsed.install.map((i) => [normaliseName(i.metadata.name), i.metadata.version]));
  await fs.mkdir(resultsDir, { recursive: true });
  await fs.writeFile(`${cached}.${process.pid}.tmp`, JSON.stringify(resolved));
  await fs.rename(`${cached}.${process.pid}.tmp`, cached);
  return resolved;
}

/** Runs `task` for every item, at most `limit` at a time; one promise per item, each settling on its own. */
function pooled<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R>[] {
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    while (running >= limit) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
  };
  return items.map(async (item) => {
    await slot();
    try {
      return await task(item);
    } finally {
      running--;
      waiting.shift()?.();
    }
  });
}

function exactPins(requirements: string): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const line of requirements.split('\n')) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)$/.exec(line.trim());
    if (m?.[1] && m[2]) {
      pins[normaliseName(m[1])] = m[2];
    }
  }
  return pins;
}

describe('scaffold e2e: generated requirements pins resolve against the Python Package Index', function () {
  this.timeout(600_000);
  const cases = scaffoldMatrix();
  const files = groupBy(cases, (planned, c) => {
    const requirements = planned.find((f) => f.path === 'requirements.txt')?.content;
    return requirements === undefined ? undefined : { requirements, python: c.row.pythonVersion };
  });
  // The notebook workload's JupyterLab pins live in their own file, installed next to requirements.txt.
  const notebookFiles = groupBy(cases, (planned, c) => {
    const requirements = planned.find((f) => f.path === 'requirements-notebook.txt')?.content;
    return requirements === undefined ? undefined : { requirements, python: c.row.pythonVersion };
  });
  const groups = [...files.values(), ...notebookFiles.values()];
  // A cold cache means one index round trip per file (about a minute each, mostly waiting on the
  // network), so a few resolve at once; each test awaits its own file's result.
  let results: Promise<{ resolved: Record<string, string>; wheels?: Record<string, string> }>[] = [];

  before(async function () {
    this.timeout(600_000);
    const hostPython = await ensureVenv();
    results = pooled(groups, 4, async ({ value, labels }) => {
      const resolved = await resolve(value.requirements, [], `resolving ${labels[0] ?? ''}`);
      if (value.python === hostPython) {
        return { resolved };
      }
      const platform = manylinux.flatMap((p) => ['--platform', p]);
      const wheels = await resolve(value.requirements, ['--no-deps', '--only-binary=:all:', '--python-version', value.python, '--implementation', 'cp', ...platform], `finding CPython ${value.python} wheels for ${labels[0] ?? ''}`);
      return { resolved, wheels };
    });
    // Each test reports its own failure; keep a rejection from counting as unhandled before then.
    for (const r of results) {
      r.catch(() => undefined);
    }
  });

  it('every combination of the matrix generates a requirements.txt with every line pinned', () => {
    assert.equal([...files.values()].reduce((n, g) => n + g.labels.length, 0), cases.length);
    assert.equal([...notebookFiles.values()].reduce((n, g) => n + g.labels.length, 0), cases.filter((c) => c.answers.workload === 'notebook').length);
    for (const { value } of groups) {
      const declared = parseRequirementsTxt(value.requirements);
      assert.ok(declared.length > 0, value.requirements);
      assert.deepEqual(Object.keys(exactPins(value.requirements)).sort(), declared.map((r) => r.name).sort(), value.requirements);
    }
  });

  it('a pin that does not exist fails the check (the check can fail)', async () => {
    await assert.rejects(resolve('scikit-learn==0.0.424242\n', [], 'an impossible pin'), /No matching distribution found for scikit-learn==0\.0\.424242/);
  });

  groups.forEach(({ value, labels }, index) => {
    const pins = exactPins(value.requirements);
    it(`${Object.entries(pins).map(([n, v]) => `${n}==${v}`).join(' ')} (Python ${value.python}) resolves: ${labels.length} combination(s), e.g. ${labels[0] ?? ''}`, async () => {
      const result = results[index];
      assert.ok(result, 'before() started the resolution');
      const { resolved, wheels } = await result;
      for (const [name, version] of Object.entries(pins)) {
        assert.equal(resolved[name], version, `${name}==${version} in the resolution for ${labels.join(', ')}`);
      }
      if (wheels) {
        assert.deepEqual(wheels, pins, `every top-level pin has a CPython ${value.python} manylinux wheel`);
      }
    });
  });
});
