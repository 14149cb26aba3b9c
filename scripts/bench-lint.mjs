// Lint benchmark (figures, never a pass/fail gate). Generates a deterministic corpus in a temp dir and,
// side by side in one run, measures:
//   (a) in-process latency of lintDockerfile on a 200-line Dockerfile (target < 1 ms median) against
//       dockerfile-utils validate() on the same text, and of the manifest linter on a 1,000-line
//       multi-document manifest (target < 20 ms) when that linter exists;
//   (b) CLI throughput (files/s, whole process, median of runs) of `node dist/cli.js lint DIR --format json`
//       against dockerfilelint, dockerfile-utils and dclint, and on 10,000 Kubernetes resources against
//       kubeconform (offline, against our bundled schemas written in its folder layout) and kube-linter
//       when `scripts/provision/go-peers.sh` built them (a peer that could not be built is reported with why);
//   (c) a property-test run with MLC_PROPERTY_RUNS raised so all properties together run ≥ 100,000 cases.
// Usage (after `npm ci` and `node esbuild.js --release`): node scripts/bench-lint.mjs
// Env: MLC_BENCH_RUNS (CLI repetitions, default 5), MLC_BENCH_ITER (in-process iterations, default 2000),
//      MLC_BENCH_PROPERTY_CASES (default 100000; 0 skips stage c), MLC_BENCH_EXPENSIVE_RUNS (cases for each
//      YAML-bound property, default 2000), MLC_BENCH_MANIFEST_CLI=0 skips our CLI on the 10,000 resources,
//      MLC_BENCH_SCALE (default 4; 1 skips) also times ours and kubeconform on the manifests that many times over,
//      MLC_BENCH_KEEP=1 keeps the corpus. Our CLI on the 10,000 resources runs twice: with
//      MLC_LINT_WORKERS=0 (one thread) and with worker threads (its default from 4 cores up).
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, homedir, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeCorpus } from './bench/lint-corpus.mjs';
import { writeKubeconformSchemas } from './bench/kubeconform-schemas.mjs';
import { ensureTsx, importTs } from './bench/lint-registries.mjs';

ensureTsx();
const require = createRequire(import.meta.url);
const runs = Number(process.env.MLC_BENCH_RUNS ?? 5);
const iterations = Number(process.env.MLC_BENCH_ITER ?? 2000);
const propertyCases = Number(process.env.MLC_BENCH_PROPERTY_CASES ?? 100_000);
const scale = Number(process.env.MLC_BENCH_SCALE ?? 4);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};
const median = (xs) => quantile(xs, 0.5);
const ms = (x) => (x < 10 ? `${x.toFixed(3)} ms` : `${x.toFixed(1)} ms`);
const rows = [];
const row = (stage, what, ours, peer, peerLabel, unit, betterIsLower) => {
  const ratio = ours !== undefined && peer !== undefined ? (betterIsLower ? peer / ours : ours / peer) : undefined;
  rows.push({ stage, what, ours, peer, peerLabel, unit, ratio });
};

function timeInProcess(fn) {
  for (let i = 0; i < Math.min(200, iterations); i++) {
    fn();
  }
  const xs = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { median: median(xs), p95: quantile(xs, 0.95) };
}

/**
 * CPU time (user + system, ms) of this process's waited-for children so far, from /proc/self/stat
 * (Linux; clock ticks of 10 ms); undefined elsewhere.
 */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (in parentheses): cutime and cstime are the 16th and 17th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** Wall time of a whole process, median over `runs`; also its CPU time (median, where known) and its last result. */
function timeProcess(file, args, opts = {}) {
  const xs = [];
  const cpu = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const cpuBefore = childrenCpuMs();
    const t = process.hrtime.bigint();
    last = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...opts });
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
    const cpuAfter = childrenCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      cpu.push(cpuAfter - cpuBefore);
    }
  }
  return { median: median(xs), cpu: cpu.length === runs ? median(cpu) : undefined, last };
}
const cpuText = (t) => (t.cpu === undefined ? '' : `, CPU ${(t.cpu / 1000).toFixed(2)} s (user + system, ${(t.cpu / t.median).toFixed(2)} cores busy)`);

const root = process.cwd();

/** lintDockerfile, lintManifest and validateText from a temporary release-like bundle (else from source). */
async function loadInProcess() {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'mlc-bench-bundle-')), 'lint.cjs');
  const entry = `${out}.entry.ts`;
  const src = (f) => JSON.stringify(path.join(root, f));
  writeFileSync(entry, [
    `export { lintDockerfile } from ${src('src/core/lint/engine.ts')};`,
    `export { lintManifest } from ${src('src/core/lint/kubernetes/lint.ts')};`,
    `export { validateText, validateDocuments } from ${src('src/core/schemas/validate.ts')};`,
    `export { SchemaStore } from ${src('src/core/schemas/store.ts')};`,
    `export { parseYaml } from ${src('src/core/lint/yaml/parse.ts')};`,
  ].join('\n'));
  try {
    const { build } = require('esbuild');
    const { yamlEsm } = require(path.join(root, 'esbuild.js'));
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: out, logLevel: 'error', plugins: [yamlEsm] });
    return { ...require(out), how: 'from an esbuild bundle (node20, minified, as released)' };
  } catch (e) {
    const engine = await importTs('src/core/lint/engine.ts');
    const manifest = existsSync(path.join(root, 'src/core/lint/kubernetes/lint.ts')) ? await importTs('src/core/lint/kubernetes/lint.ts') : {};
    const validate = await importTs('src/core/schemas/validate.ts');
    const store = await importTs('src/core/schemas/store.ts');
    const yaml = await importTs('src/core/lint/yaml/parse.ts');
    return { ...engine, ...manifest, ...validate, ...store, ...yaml, how: `from source through tsx (bundling failed: ${e instanceof Error ? e.message.split('\n')[0] : e})` };
  }
}

if (!existsSync(path.join(root, 'dist/cli.js'))) {
  console.error('dist/cli.js is missing: run `node esbuild.js --release` first.');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'mlc-bench-lint-'));
const corpus = writeCorpus(dir);
// The CLI keeps V8's compiled code between runs (src/cli/code-cache.ts): here in the corpus folder, so each bench
// starts without one (its first run compiles and writes it) and the user's own cache is left alone.
process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
const lineCount = (f) => readFileSync(f, 'utf8').split('\n').length - 1;
console.log('# ML Containers lint benchmark');
console.log(`node ${process.version}; corpus in ${dir}: ${corpus.dockerfiles.length} Dockerfiles (100 × ~20, 100 × ~80, 100 × ~200 lines), ` +
  `${corpus.manifests.length} manifests with ${corpus.resources} Kubernetes resources, ${corpus.composeFiles.length} compose files; ` +
  `CLI figures are medians of ${runs} whole-process runs, in-process ones of ${iterations} calls.\n`);

// (a) In-process latency, through an esbuild bundle built like the shipped one (tsx adds per-function
// `__name` wrappers that the release bundle does not have); falls back to the sources through tsx.
console.log('## (a) In-process latency');
const inProcess = await loadInProcess();
console.log(`(code loaded ${inProcess.how})`);
const { lintDockerfile } = inProcess;
const text200 = readFileSync(corpus.dockerfile200, 'utf8');
const ours200 = timeInProcess(() => lintDockerfile(text200));
const { validate } = require('dockerfile-utils');
const dfu200 = timeInProcess(() => validate(text200));
console.log(`lintDockerfile, ${lineCount(corpus.dockerfile200)}-line Dockerfile, default rules: median ${ms(ours200.median)}, p95 ${ms(ours200.p95)} (target < 1 ms median)`);
console.log(`dockerfile-utils validate() (syntax/argument checks only, ~40 codes), same text: median ${ms(dfu200.median)}, p95 ${ms(dfu200.p95)}`);
row('a', 'Dockerfile 200 lines, in-process median', ours200.median, dfu200.median, 'dockerfile-utils validate()', 'ms', true);
const manifestLint = path.join(root, 'src/core/lint/kubernetes/lint.ts');
if (existsSync(manifestLint)) {
  const { lintManifest } = inProcess;
  if (typeof lintManifest === 'function') {
    const text1000 = readFileSync(corpus.manifest1000, 'utf8');
    const m = timeInProcess(() => lintManifest(text1000));
    console.log(`lintManifest, ${lineCount(corpus.manifest1000)}-line multi-document manifest (a keystroke re-lint): median ${ms(m.median)}, p95 ${ms(m.p95)} (target < 20 ms median)`);
    row('a', 'manifest 1,000 lines, in-process median', m.median, undefined, '—', 'ms', true);
  }
} else {
  console.log('lintManifest: the manifest linter (src/core/lint/kubernetes/lint.ts) does not exist yet; skipped');
}

// (b) CLI throughput.
console.log('\n## (b) CLI throughput (whole process: start-up, discovery, read, lint, JSON out)');
const node = process.execPath;
const fps = (files, t) => (files * 1000) / t;
const ours = timeProcess(node, ['dist/cli.js', 'lint', corpus.dirs.df, '--format', 'json', '--failure-threshold', 'none']);
const oursFindings = JSON.parse(ours.last.stdout || '[]').length;
const oursFps = fps(corpus.dockerfiles.length, ours.median);
console.log(`mlc lint (every default rule, ${oursFindings} findings): ${ms(ours.median)} → ${oursFps.toFixed(0)} files/s`);

const dfl = timeProcess(node, ['node_modules/dockerfilelint/bin/dockerfilelint', '-j', ...corpus.dockerfiles]);
const dflFps = fps(corpus.dockerfiles.length, dfl.median);
console.log(`dockerfilelint -j FILES… (its ~30 style/syntax checks; one process, exit ${dfl.last.status}): ${ms(dfl.median)} → ${dflFps.toFixed(0)} files/s`);
row('b', 'Dockerfiles, CLI files/s', oursFps, dflFps, 'dockerfilelint', 'files/s', false);

const dfu = timeProcess(node, ['scripts/bench/lint-dfu.cjs', ...corpus.dockerfiles]);
const dfuFps = fps(corpus.dockerfiles.length, dfu.median);
console.log(`dockerfile-utils validate() over all files in ONE process (scripts/bench/lint-dfu.cjs; its CLI takes one file per process, so this is the fair equivalent of one mlc run): ${ms(dfu.median)} → ${dfuFps.toFixed(0)} files/s`);
row('b', 'Dockerfiles, CLI files/s', oursFps, dfuFps, 'dockerfile-utils (lib, 1 process)', 'files/s', false);

const cliHelp = spawnSync(node, ['dist/cli.js', 'lint', '--help'], { encoding: 'utf8' }).stdout ?? '';
const oursDoesManifests = /kubernetes|manifest/i.test(cliHelp);
const oursDoesCompose = /compose/i.test(cliHelp);
/** CPU time (ms) of our one-thread CLI run on the manifests, for the row beside kubeconform's. */
let oursOneThreadCpu;
/** Wall time (ms) of that run, for the scaling rows. */
let oursOneThreadMs;
if (oursDoesManifests && process.env.MLC_BENCH_MANIFEST_CLI === '0') {
  console.log('mlc lint on manifests: skipped (MLC_BENCH_MANIFEST_CLI=0)');
} else if (oursDoesManifests) {
  // Twice: on one thread and with worker threads (the main thread lints a share too). By default the
  // CLI starts min(cores, 4) - 1 workers from 4 cores up and none below; here at least one, to show it.
  const workers = Math.max(1, Math.min(availableParallelism(), 4) - 1);
  const modes = [['one thread', '0'], [`main thread + ${workers} worker thread(s)`, String(workers)]];
  // Node reads the NODE_EXTRA_CA_CERTS bundle at every start, before any of our code runs (a Go binary
  // never does): where the environment sets it, also show the run without it, labelled as such.
  const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
  if (extraCaCerts) {
    const startWith = timeProcess(node, ['-e', '0']);
    const startWithout = timeProcess(node, ['-e', '0'], { env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
    console.log(`node start-up (node -e 0): ${ms(startWith.median)} with this environment's NODE_EXTRA_CA_CERTS (${extraCaCerts}), ${ms(startWithout.median)} without it`);
    modes.push(['one thread, NODE_EXTRA_CA_CERTS unset', '0', 'no-extra-ca']);
  }
  modes.push(['one thread, without the code cache (MLC_CODE_CACHE=0: every function compiled, as on a first run)', '0', 'no-code-cache']);
  const outputs = [];
  for (const [label, setting, variant] of modes) {
    const env = { ...process.env };
    env.MLC_LINT_WORKERS = setting;
    if (variant === 'no-extra-ca') {
      env.NODE_EXTRA_CA_CERTS = '';
    }
    if (variant === 'no-code-cache') {
      env.MLC_CODE_CACHE = '0';
    }
    const m = timeProcess(node, ['dist/cli.js', 'lint', corpus.dirs.mf, '--format', 'json', '--failure-threshold', 'none'], { env });
    outputs.push(m.last.stdout);
    const rps = (corpus.resources * 1000) / m.median;
    console.log(`mlc lint on ${corpus.resources} Kubernetes resources (${corpus.manifests.length} files), ${label}: ${ms(m.median)} → ${rps.toFixed(0)} resources/s${cpuText(m)}`);
    row('b', `Kubernetes resources/s (CLI, ${label})`, rps, undefined, '—', 'res/s', false);
    if (setting === '0' && variant === undefined) {
      oursOneThreadCpu = m.cpu;
      oursOneThreadMs = m.median;
    }
  }
  console.log(`  (the ${outputs.length} outputs are ${outputs.every((o) => o === outputs[0]) ? 'byte-identical' : 'DIFFERENT: a bug'}; machine load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${availableParallelism()} cores)`);
} else {
  console.log('mlc lint on manifests: the CLI does not lint Kubernetes manifests yet (its --help names none); skipped');
}

const dclint = timeProcess(node, ['node_modules/dclint/bin/dclint.cjs', corpus.dirs.cf, '-r', '-f', 'json', '--color', 'false'].filter(Boolean));
const dclintFps = fps(corpus.composeFiles.length, dclint.median);
console.log(`dclint -r DIR -f json (Compose schema + ~20 style rules; exit ${dclint.last.status}): ${ms(dclint.median)} → ${dclintFps.toFixed(0)} files/s`);
if (oursDoesCompose) {
  const c = timeProcess(node, ['dist/cli.js', 'lint', corpus.dirs.cf, '--format', 'json', '--failure-threshold', 'none']);
  const cfps = fps(corpus.composeFiles.length, c.median);
  console.log(`mlc lint on compose files: ${ms(c.median)} → ${cfps.toFixed(0)} files/s`);
  row('b', 'Compose files/s (CLI)', cfps, dclintFps, 'dclint', 'files/s', false);
} else {
  console.log('mlc lint on compose files: the CLI does not lint Compose files yet; dclint figure shown alone');
  row('b', 'Compose files/s (CLI)', undefined, dclintFps, 'dclint', 'files/s', false);
}

// Go peers, built by scripts/provision/go-peers.sh into ~/.cache/ml-containers/peers/bin (never built here).
const peersBin = path.join(homedir(), '.cache/ml-containers/peers/bin');
function peer(name) {
  const bin = path.join(peersBin, name);
  if (existsSync(bin)) {
    return { bin };
  }
  const why = path.join(peersBin, `${name}.unavailable`);
  return { why: existsSync(why) ? readFileSync(why, 'utf8').trim().split('\n')[0].replace(/https?:\/\/\S+/g, '(the proxy URL)') : 'not built yet: run scripts/provision/go-peers.sh' };
}
const oursRpsRows = rows.filter((r) => r.what.startsWith('Kubernetes resources/s (CLI'));
const manifestTexts = corpus.manifests.map((f) => readFileSync(f, 'utf8'));

// Schema validation alone, in process: what MLK002 costs, and the fair counterpart of kubeconform.
const bundledSchemas = path.join(root, 'schemas/kubernetes.json');
let ourSchemaRps;
let ourEditorSchemaRps;
if (typeof inProcess.validateText === 'function' && existsSync(bundledSchemas)) {
  const store = new inProcess.SchemaStore(JSON.parse(readFileSync(bundledSchemas, 'utf8')));
  const timeValidation = (validate) => {
    const xs = [];
    let problems = 0;
    for (let i = 0; i < runs; i++) {
      const t = process.hrtime.bigint();
      problems = manifestTexts.reduce((n, text) => n + validate(text).length, 0);
      xs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return { median: median(xs), problems };
  };
  if (typeof inProcess.validateDocuments === 'function' && typeof inProcess.parseYaml === 'function') {
    const cli = timeValidation((text) => inProcess.validateDocuments(inProcess.parseYaml(text).documents.filter((d) => d.skipped === undefined), store, '1.34'));
    ourSchemaRps = (corpus.resources * 1000) / cli.median;
    console.log(`our schema validation as MLK002 runs it in the CLI (parseYaml + validateDocuments, in process, no start-up) on ${corpus.resources} resources: ${ms(cli.median)} → ${ourSchemaRps.toFixed(0)} resources/s (${cli.problems} schema findings)`);
  }
  const editor = timeValidation((text) => inProcess.validateText(text, 'manifest.yaml', store, '1.34'));
  ourEditorSchemaRps = (corpus.resources * 1000) / editor.median;
  console.log(`our schema validation as the editor runs it (validateText, in process) on ${corpus.resources} resources: ${ms(editor.median)} → ${ourEditorSchemaRps.toFixed(0)} resources/s (${editor.problems} schema findings)`);
}

const kubeconform = peer('kubeconform');
if (kubeconform.bin) {
  const schemaDir = path.join(dir, 'kubeconform-schemas');
  const { location, kubernetesVersion, kinds } = writeKubeconformSchemas(bundledSchemas, schemaDir, '1.34');
  const args = ['-strict', '-summary', '-output', 'json', '-kubernetes-version', kubernetesVersion, '-schema-location', location];
  let kubeconformMs;
  for (const [label, extra] of [['default 4 workers', []], ['1 worker, like our single-threaded CLI', ['-n', '1']]]) {
    const t = timeProcess(kubeconform.bin, [...args, ...extra, corpus.dirs.mf]);
    let summary = '';
    try {
      const s = JSON.parse(t.last.stdout).summary;
      summary = `valid ${s.valid}, invalid ${s.invalid}, errors ${s.errors}, skipped ${s.skipped}`;
    } catch {
      summary = `unreadable output, exit ${t.last.status}: ${(t.last.stderr || t.last.stdout || '').slice(0, 200)}`;
    }
    const rps = (corpus.resources * 1000) / t.median;
    kubeconformMs ??= t.median;
    console.log(`kubeconform -strict, offline against our ${kinds} bundled schemas (Kubernetes ${kubernetesVersion}), ${label}: ${ms(t.median)} → ${rps.toFixed(0)} resources/s (${summary})${cpuText(t)}`);
    if (oursOneThreadCpu !== undefined && t.cpu !== undefined) {
      row('b', `CPU seconds per run on the ${corpus.resources} resources (user + system), mlc lint on one thread vs kubeconform (${label})`, oursOneThreadCpu / 1000, t.cpu / 1000, 'kubeconform', 's', true);
    }
    for (const r of oursRpsRows) {
      row('b', `Kubernetes resources/s, mlc lint (${r.what.slice('Kubernetes resources/s (CLI, '.length, -1)}) vs kubeconform (${label})`, r.ours, rps, 'kubeconform', 'res/s', false);
    }
    row('b', `resources/s, schema validation only (parse + validate, as in the CLI): ours in process vs kubeconform (${label})`, ourSchemaRps, rps, 'kubeconform', 'res/s', false);
    row('b', `resources/s, schema validation only (editor path, validateText): ours in process vs kubeconform (${label})`, ourEditorSchemaRps, rps, 'kubeconform', 'res/s', false);
  }
  if (oursOneThreadMs !== undefined) {
    alternatingRow(args);
  }
  if (scale > 1 && oursOneThreadMs !== undefined) {
    scalingRows(args, kubeconformMs);
  }
} else {
  console.log(`kubeconform: skipped (${kubeconform.why})`);
}

/**
 * Ours on one thread and kubeconform's default, run in turn (ours, kubeconform, ours, …): the rows above time each
 * tool in a block of its own, minutes apart, and this machine's speed drifts between blocks; a ratio per pair,
 * its median over the pairs, compares the two in the same moment.
 */
function alternatingRow(args) {
  const pairs = Math.max(runs, 5);
  const ours = [];
  const theirs = [];
  const ratios = [];
  const oneRun = (file, argv, opts) => {
    const t = process.hrtime.bigint();
    spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...opts });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < pairs; i++) {
    const o = oneRun(node, ['dist/cli.js', 'lint', corpus.dirs.mf, '--format', 'json', '--failure-threshold', 'none'], { env: { ...process.env, MLC_LINT_WORKERS: '0' } });
    const k = oneRun(kubeconform.bin, [...args, corpus.dirs.mf]);
    ours.push(o);
    theirs.push(k);
    ratios.push(k / o);
  }
  const ratio = median(ratios);
  console.log(`alternating, ${pairs} pairs (mlc lint one thread, then kubeconform default 4 workers): ours ${ms(median(ours))}, kubeconform ${ms(median(theirs))} median; ` +
    `throughput ratio per pair ${ratios.map((r) => r.toFixed(2)).join(' ')}, median ${ratio.toFixed(2)}× (machine load ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
  row('b', `Kubernetes resources/s, mlc lint (one thread) vs kubeconform (default 4 workers), alternating pairs (median of per-pair ratios)`, (corpus.resources * 1000 * ratio) / median(theirs), (corpus.resources * 1000) / median(theirs), 'kubeconform', 'res/s', false);
}

/**
 * The same manifests `scale` times over (copies in sibling folders), ours on one thread and kubeconform's
 * default: how each run's time grows past the first corpus separates a fixed cost (our start-up and JIT
 * warm-up) from the cost per resource.
 */
function scalingRows(args, kubeconformMs) {
  const big = path.join(dir, `manifests-x${scale}`);
  for (let k = 0; k < scale; k++) {
    mkdirSync(path.join(big, `copy-${k}`), { recursive: true });
    for (const f of corpus.manifests) {
      copyFileSync(f, path.join(big, `copy-${k}`, path.basename(f)));
    }
  }
  const resources = corpus.resources * scale;
  const ours = timeProcess(node, ['dist/cli.js', 'lint', big, '--format', 'json', '--failure-threshold', 'none'], { env: { ...process.env, MLC_LINT_WORKERS: '0' } });
  const theirs = timeProcess(kubeconform.bin, [...args, big]);
  const perExtra = (m, m1) => ((resources - corpus.resources) * 1000) / (m - m1);
  const oursExtra = perExtra(ours.median, oursOneThreadMs);
  const theirsExtra = perExtra(theirs.median, kubeconformMs);
  console.log(`the same manifests ${scale} times over (${resources} resources): mlc lint one thread ${ms(ours.median)}${cpuText(ours)}, kubeconform default ${ms(theirs.median)}${cpuText(theirs)}; ` +
    `the resources past the first ${corpus.resources} cost ours ${oursExtra.toFixed(0)} resources/s, kubeconform ${theirsExtra.toFixed(0)} resources/s`);
  row('b', `Kubernetes resources/s on ${resources} resources, mlc lint (one thread) vs kubeconform (default 4 workers)`, (resources * 1000) / ours.median, (resources * 1000) / theirs.median, 'kubeconform', 'res/s', false);
  row('b', `resources/s past the first ${corpus.resources} (the time a run adds for the other ${resources - corpus.resources}), mlc lint (one thread) vs kubeconform (default)`, oursExtra, theirsExtra, 'kubeconform', 'res/s', false);
}
const kubeLinter = peer('kube-linter');
if (kubeLinter.bin) {
  const t = timeProcess(kubeLinter.bin, ['lint', '--format', 'json', corpus.dirs.mf]);
  const rps = (corpus.resources * 1000) / t.median;
  console.log(`kube-linter lint (its default checks; exit ${t.last.status}): ${ms(t.median)} → ${rps.toFixed(0)} resources/s`);
  for (const r of oursRpsRows) {
    row('b', `Kubernetes resources/s, mlc lint (${r.what.slice('Kubernetes resources/s (CLI, '.length, -1)}) vs kube-linter`, r.ours, rps, 'kube-linter', 'res/s', false);
  }
} else {
  console.log(`kube-linter: skipped (${kubeLinter.why})`);
}

// (c) Property-test run.
if (propertyCases > 0) {
  console.log('\n## (c) Property tests (fast-check), all properties together');
  const mocha = path.join(root, 'node_modules/mocha/bin/mocha.js');
  const spec = 'test/unit/lint/property/*.unit.test.ts';
  // Properties are the checkProperty(…) calls (other tests in these files, e.g. a check that generated
  // samples are not vacuous, run no cases). Those that pass `expensivePropertyRuns` (YAML parsing
  // dominates them) get a fixed share; the cheap ones make up the rest of the case budget.
  const specDir = path.join(root, 'test/unit/lint/property');
  const specTexts = readdirSync(specDir).filter((f) => f.endsWith('.unit.test.ts')).map((f) => readFileSync(path.join(specDir, f), 'utf8'));
  const count = (re) => specTexts.reduce((n, text) => n + (text.match(re) ?? []).length, 0);
  const properties = count(/\bcheckProperty\(/g);
  const expensive = count(/,\s*expensivePropertyRuns\)/g);
  const expensiveRuns = Number(process.env.MLC_BENCH_EXPENSIVE_RUNS ?? 2_000);
  const perProperty = Math.ceil((propertyCases - expensive * expensiveRuns) / Math.max(1, properties - expensive));
  const report = path.join(dir, 'property-report.jsonl');
  appendFileSync(report, '');
  const started = process.hrtime.bigint();
  const run = spawnSync(node, [mocha, '--node-option', 'import=tsx', '--reporter', 'dot', '--timeout', '0', spec], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, MLC_PROPERTY_RUNS: String(perProperty), MLC_PROPERTY_EXPENSIVE_RUNS: String(expensiveRuns), MLC_PROPERTY_COLLECT: '1', MLC_PROPERTY_REPORT: report },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = readFileSync(report, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  for (const l of lines) {
    console.log(`  ${l.property.padEnd(22)} ${String(l.runs).padStart(7)} cases ${(l.ms / 1000).toFixed(1).padStart(7)} s  ${l.failures} failing`);
  }
  const total = lines.reduce((a, l) => a + l.runs, 0);
  const failing = lines.reduce((a, l) => a + l.failures, 0);
  const exit = run.status ?? `killed by ${run.signal}`;
  console.log(`${lines.length} of ${properties} properties finished (${expensive} expensive × ${expensiveRuns}, the rest × ${perProperty}): ${total} cases in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} cases/s); ${failing} failing case(s); mocha exit ${exit}`);
  if (run.status !== 0) {
    // Collect mode ends each failing property with its distinct failures and their shortest inputs.
    const out = `${run.stdout}\n${run.stderr}`.split('\n');
    const interesting = out.filter((l) => /property ".*" cases failed|^\s*- \d+×|shortest input|heap out of memory|Maximum call stack|FATAL/.test(l));
    console.log((interesting.length > 0 ? interesting : out.slice(-30)).map((l) => `  ${l.trim().slice(0, 400)}`).join('\n'));
  }
  row('c', 'property cases run', total, undefined, '—', 'cases', false);
}

// Summary.
console.log('\n## Summary (ratio > 1: ours is faster)');
console.log('| stage | measure | ours | peer | peer figure | ratio |');
console.log('| --- | --- | --- | --- | --- | --- |');
const num = (x, unit) => (x === undefined ? '—' : unit === 'ms' ? ms(x) : unit === 's' ? `${x.toFixed(2)} s` : `${x.toFixed(0)} ${unit}`);
for (const r of rows) {
  console.log(`| ${r.stage} | ${r.what} | ${num(r.ours, r.unit)} | ${r.peerLabel} | ${num(r.peer, r.unit)} | ${r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`} |`);
}
if (process.env.MLC_BENCH_KEEP === '1') {
  console.log(`\ncorpus kept in ${dir} (${(statSync(dir).size / 1024).toFixed(0)} KiB dir entry)`);
} else {
  rmSync(dir, { recursive: true, force: true });
}
