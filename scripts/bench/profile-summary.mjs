// Summarises a V8 CPU profile (`node --cpu-prof --cpu-prof-dir=DIR dist/cli.js lint …`, bundle dist/cli-main.js) for finding
// where a run's time goes: self time by function, inclusive time by function, and self time by source
// file of an esbuild bundle (from the `// src/…` markers esbuild writes; build without --release so
// they are there). Figures for finding hot spots, never a gate.
// Usage: node scripts/bench/profile-summary.mjs PROFILE.cpuprofile [BUNDLE.js] [--top N]
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 30;
const [profileFile, bundle] = args;
if (!profileFile) {
  console.error('usage: node scripts/bench/profile-summary.mjs PROFILE.cpuprofile [BUNDLE.js] [--top N]');
  process.exit(2);
}
for (const file of [profileFile, bundle].filter(Boolean)) {
  if (!existsSync(file)) {
    console.error(`profile-summary: ${file}: no such file`);
    process.exit(2);
  }
}

const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) {
  for (const child of n.children ?? []) {
    parent.set(child, n.id);
  }
}
const sampled = new Map();
profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url || '')}:${n.callFrame.lineNumber + 1}`;

// Source file of each bundle line, from esbuild's `// path` comments.
let fileOfLine;
if (bundle) {
  fileOfLine = [];
  let current = '(bundle prelude)';
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const marker = /^\/\/ ((?:src|node_modules)\/\S+)/.exec(line);
      if (marker) {
        current = marker[1];
      }
      fileOfLine[i] = current;
    });
}

const self = new Map();
const inclusive = new Map();
const byFile = new Map();
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
for (const [id, us] of sampled) {
  const node = nodes.get(id);
  add(self, label(node), us);
  const url = node.callFrame.url || '';
  const file = fileOfLine && bundle && url.endsWith(path.basename(bundle)) ? fileOfLine[node.callFrame.lineNumber] : node.callFrame.functionName || url || '(native)';
  add(byFile, file, us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const key = label(nodes.get(at));
    if (!seen.has(key)) {
      seen.add(key);
      add(inclusive, key, us);
    }
  }
}

const print = (title, map) => {
  console.log(`\n## ${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(`profile of ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms`);
print('self time by function', self);
print('inclusive time by function', inclusive);
if (fileOfLine) {
  print('self time by source file', byFile);
}
