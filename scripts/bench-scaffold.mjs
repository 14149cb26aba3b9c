// Scaffolding benchmark (figures, not a test): scaffold time in-process and via `mlc scaffold`, and
// the size of the generated GPU runtime image vs a naive single-stage `-devel` image built from the
// same app on the local engine. Images carry label mlc.bench=<id> and are removed by that label.
// Usage: node scripts/bench-scaffold.mjs   (env: MLC_BENCH_RUNS=21; needs dist/cli.js from npm run build)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (!process.env.MLC_BENCH_TSX) {
  // The benchmark drives the TypeScript core and CLI directly: re-run under tsx.
  const r = spawnSync(process.execPath, ['--import', 'tsx', self], { stdio: 'inherit', env: { ...process.env, MLC_BENCH_TSX: '1' } });
  process.exit(r.status ?? 1);
}

const { planScaffold } = await import('../src/core/scaffold/plan.ts');
const { runScaffoldCommand } = await import('../src/cli/scaffold-command.ts');

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const example = join(root, 'examples', 'sentiment-api');
const cliJs = join(root, 'dist', 'cli.js');
const runs = Number(process.env.MLC_BENCH_RUNS ?? 21);
const benchId = `${Date.now().toString(36)}-${process.pid}`;
const label = `mlc.bench=${benchId}`;
const work = mkdtempSync(join(tmpdir(), 'mlc-bench-scaffold-'));
const quiet = { write: () => true };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const run = (file, args, options = {}) => {
  const r = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return r.stdout;
};
const freshCopy = (name) => {
  const dir = join(work, name);
  cpSync(example, dir, { recursive: true });
  return dir;
};
const scaffoldArgs = (dir, accel) => ['--out', dir, '--workload', 'inference', accel, '--framework', accel === '--gpu' ? 'xgboost' : 'sklearn', '--name', 'sentiment-api', '--yes'];

try {
  console.log(`scaffold benchmark: median of ${runs} runs each (examples/sentiment-api)`);

  const answers = { name: 'Demo App', workload: 'inference', accelerator: 'gpu', framework: 'pytorch', server: 'fastapi', port: 8000, parts: ['dockerfile', 'dockerignore', 'app', 'compose', 'k8s', 'ci'] };
  const planTimes = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    planScaffold(answers);
    planTimes.push(performance.now() - t);
  }
  console.log(`  plan only (core, every part, PyTorch GPU inference): ${fmt(median(planTimes))}`);

  const inProcess = [];
  for (let i = 0; i < runs; i++) {
    const dir = freshCopy(`in-process-${i}`);
    const t = performance.now();
    const code = await runScaffoldCommand(scaffoldArgs(dir, '--cpu'), quiet, quiet);
    inProcess.push(performance.now() - t);
    if (code !== 0) {
      throw new Error(`runScaffoldCommand exited ${code}`);
    }
  }
  console.log(`  scan + detect + plan + write, in-process: ${fmt(median(inProcess))}`);

  if (existsSync(cliJs)) {
    const viaCli = [];
    for (let i = 0; i < runs; i++) {
      const dir = freshCopy(`cli-${i}`);
      const t = performance.now();
      run(process.execPath, [cliJs, 'scaffold', ...scaffoldArgs(dir, '--cpu')]);
      viaCli.push(performance.now() - t);
    }
    console.log(`  \`mlc scaffold\` (node dist/cli.js, new process each run): ${fmt(median(viaCli))}`);
  } else {
    console.log('  `mlc scaffold`: dist/cli.js is missing, run `npm run build` first (figure skipped)');
  }

  const engine = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
  if (engine.status !== 0) {
    console.log('image sizes: no Docker Engine answers (start it with scripts/provision/docker-engine.sh start); skipped');
  } else {
    run('bash', [join(root, 'scripts', 'provision', 'base-images.sh'), 'ensure'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const generated = freshCopy('gpu-generated');
    const code = await runScaffoldCommand(scaffoldArgs(generated, '--gpu'), quiet, quiet);
    if (code !== 0) {
      throw new Error(`runScaffoldCommand --gpu exited ${code}`);
    }
    const base = /^FROM (\S+) AS runtime$/m.exec(run('cat', [join(generated, 'Dockerfile')]))?.[1];
    const devel = base.replace('-runtime-', '-devel-');
    const naive = freshCopy('gpu-naive');
    rmSync(join(naive, 'Dockerfile'));
    writeFileSync(
      join(naive, 'Dockerfile'),
      `FROM ${devel}\nRUN apt-get update && apt-get install -y python3 python3-pip python3-venv\nWORKDIR /app\nCOPY . /app/\nRUN python3 -m pip install -r requirements.txt\nCMD ["python3", "app/main.py"]\n`,
    );
    const build = (dir, tag) => {
      const t = performance.now();
      run('docker', ['build', '--quiet', '--network', 'none', '--label', label, '--tag', tag, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      const seconds = (performance.now() - t) / 1000;
      return { size: Number(run('docker', ['image', 'inspect', '--format', '{{.Size}}', tag]).trim()), seconds };
    };
    const multi = build(generated, `mlc-bench-scaffold-runtime:${benchId}`);
    const single = build(naive, `mlc-bench-scaffold-devel:${benchId}`);
    console.log(`image sizes (GPU inference, same app): generated multi-stage on ${base}: ${mb(multi.size)} (built in ${multi.seconds.toFixed(1)} s);`);
    console.log(`  naive single-stage on ${devel}: ${mb(single.size)} (built in ${single.seconds.toFixed(1)} s); ratio ${(multi.size / single.size).toFixed(3)}`);
    console.log('  NOTE: both bases are the local CPU stand-in (scripts/provision/base-images.sh tags one Debian image with');
    console.log('  both the -runtime and the -devel name; no CUDA inside). The sizes therefore compare only what the two');
    console.log('  Dockerfiles add on top of the same base. On the real nvidia/cuda images the -devel base additionally');
    console.log('  carries the CUDA compiler, headers and static libraries, which the generated runtime stage leaves out.');
  }
} finally {
  const images = spawnSync('docker', ['images', '-q', '--filter', `label=${label}`], { encoding: 'utf8' }).stdout?.split('\n').filter(Boolean) ?? [];
  if (images.length > 0) {
    spawnSync('docker', ['rmi', '-f', ...new Set(images)], { stdio: 'ignore' });
  }
  rmSync(work, { recursive: true, force: true });
}
