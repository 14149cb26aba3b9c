// Benchmarks (figures, not tests): .vsix size, activation cost, and `mlc doctor` against the
// peer CLIs that gather the same facts (docker version + docker info + kubectl config/version).
// Prints medians over repeated runs and the ratio to the peers. Never used as a pass/fail gate.
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';

const runs = Number(process.env.MLC_BENCH_RUNS ?? 15);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const have = (cmd) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd]).status === 0;

function timeCommand(file, args, env = process.env) {
  const start = process.hrtime.bigint();
  spawnSync(file, args, { env, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

console.log('# ML Containers benchmarks');
console.log(`node ${process.version}, ${runs} runs each, medians\n`);

execFileSync('npm', ['run', '-s', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
const vsix = statSync('out/ml-containers.vsix').size;
const sizes = ['dist/extension.js', 'dist/cli.js', 'dist/docker-engine.js'].map((f) => `${f} ${(statSync(f).size / 1024).toFixed(0)} KiB`);
console.log(`## Package\n.vsix: ${(vsix / 1024).toFixed(0)} KiB (${(vsix / 1048576).toFixed(2)} MB; target < 2 MB)`);
console.log(`bundles (release build; the CLI bundle keeps its whitespace): ${sizes.join(', ')}\n`);

const activations = [];
let commands = 0;
for (let i = 0; i < runs; i++) {
  const out = JSON.parse(execFileSync('node', ['scripts/bench/activate-once.cjs', 'dist/extension.js'], { encoding: 'utf8' }));
  activations.push(out.ms);
  commands = out.commands;
}
console.log('## Activation (load dist/extension.js + activate(), fresh Node process, vscode stubbed)');
console.log(`median ${fmt(median(activations))}, min ${fmt(Math.min(...activations))}, max ${fmt(Math.max(...activations))}; ${commands} command(s) registered; target < 50 ms\n`);

console.log('## Check Environment vs the peer CLIs (same machine, same moment)');
const mlc = [];
for (let i = 0; i < runs; i++) {
  mlc.push(timeCommand('node', ['dist/cli.js', 'doctor', '--format', 'json']));
}
const report = JSON.parse(spawnSync('node', ['dist/cli.js', 'doctor', '--format', 'json'], { encoding: 'utf8' }).stdout);
console.log(`facts: docker reachable=${report.docker.reachable}, kubeconfig files=${report.kubernetes.files.filter((f) => f.exists).length}`);
console.log(`mlc doctor --format json: median ${fmt(median(mlc))}`);
const peerSteps = [];
if (have('docker')) {
  peerSteps.push(['docker', ['version', '--format', '{{json .}}']], ['docker', ['info', '--format', '{{json .}}']]);
}
if (have('kubectl')) {
  peerSteps.push(['kubectl', ['config', 'view', '-o', 'json']], ['kubectl', ['version', '-o', 'json', '--request-timeout=5s']]);
}
if (peerSteps.length === 0) {
  console.log('peers: neither docker nor kubectl is installed; no ratio');
} else {
  const peer = [];
  for (let i = 0; i < runs; i++) {
    peer.push(peerSteps.reduce((sum, [cmd, args]) => sum + timeCommand(cmd, args), 0));
  }
  const label = peerSteps.map(([c, a]) => `${c} ${a[0]}${a[1] && !a[1].startsWith('-') ? ` ${a[1]}` : ''}`).join(' + ');
  console.log(`peers (${label}): median ${fmt(median(peer))}`);
  console.log(`ratio mlc/peers: ${(median(mlc) / median(peer)).toFixed(2)}x (below 1 means mlc is faster)`);
}
const pkgVersion = JSON.parse(readFileSync('package.json', 'utf8')).version;
console.log(`\nml-containers ${pkgVersion}`);
