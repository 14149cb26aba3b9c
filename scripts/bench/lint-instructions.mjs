// Counts the machine instructions one `mlc lint` run executes, under valgrind's cachegrind with V8 in
// --predictable mode (one thread, a GC schedule that does not depend on wall time) and fixed hash and
// random seeds. Unlike wall time on a shared, noisy machine (±20 % between identical runs), the count
// repeats to about 0.1 % even under heavy load (with only --single-threaded it drifted 3–5 %): the
// measure for comparing two builds of the CLI before and after a change. It weighs GC work as that mode
// schedules it, so confirm a gain in wall time too. Figures for performance work, never a gate. Node's
// reading of a NODE_EXTRA_CA_CERTS bundle at start-up (~0.4 G instructions here) is left out: not our code; so is the
// CLI's code cache (MLC_CODE_CACHE=0: every run compiles, as the first one does).
// Usage: node scripts/bench/lint-instructions.mjs [--cli dist/cli.js] [--compare OTHER/cli.js] [lint args…]
// (default lint args: the bench corpus's manifests, `--format json --failure-threshold none`; make the
// corpus with `node -e "import('./scripts/bench/lint-corpus.mjs').then(m=>m.writeCorpus('/tmp/lc'))"`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
}
const cli = option('--cli', 'dist/cli.js');
const compare = option('--compare', undefined);
const lintArgs = args.length > 0 ? args : [path.join(tmpdir(), 'lc', 'manifests'), '--format', 'json', '--failure-threshold', 'none'];

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('lint-instructions: valgrind is not installed (Debian package valgrind); nothing measured');
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'mlc-instructions-'));

/** Instructions of one run of `bundle`, or an error message. */
function count(bundle, label) {
  const out = path.join(work, `${label}.out`);
  const valgrindArgs = ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, '--smc-check=all-non-file', process.execPath, '--predictable', '--hash-seed=1', '--random-seed=1', bundle, 'lint', ...lintArgs];
  return new Promise((resolve) => {
    const child = spawn('valgrind', valgrindArgs, { env: { ...process.env, MLC_LINT_WORKERS: '0', NODE_EXTRA_CA_CERTS: '', MLC_CODE_CACHE: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const refs = /I\s+refs:\s+([\d,]+)/.exec(stderr);
      resolve(refs ? Number(refs[1].replaceAll(',', '')) : `no count (exit ${code}): ${stderr.slice(-400)}`);
    });
  });
}

const bundles = compare ? [cli, compare] : [cli];
const results = await Promise.all(bundles.map((b, i) => count(b, `run${i}`)));
rmSync(work, { recursive: true, force: true });
const giga = (n) => (typeof n === 'number' ? `${(n / 1e9).toFixed(3)} G instructions` : n);
bundles.forEach((b, i) => console.log(`${b}: ${giga(results[i])}`));
if (compare && typeof results[0] === 'number' && typeof results[1] === 'number') {
  console.log(`${compare} / ${cli}: ${((results[1] / results[0] - 1) * 100).toFixed(2)} %`);
}
if (results.some((r) => typeof r !== 'number')) {
  process.exitCode = 1;
}
