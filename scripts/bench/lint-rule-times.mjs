// Per-rule cost of the Kubernetes rules on the lint benchmark corpus (figures for finding hot rules;
// never a gate). Bundles the linter like the release, parses every manifest once, then times
// lintManifest with no rules (the shared cost: object model, suppressions) and with each rule alone.
// Usage: node scripts/bench/lint-rule-times.mjs [CORPUS_DIR] (default: a fresh corpus in a temp dir)
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeCorpus } from './lint-corpus.mjs';

const require = createRequire(import.meta.url);
const root = process.cwd();
const { yamlEsm } = require(path.join(root, 'esbuild.js'));
const work = mkdtempSync(path.join(tmpdir(), 'mlc-rule-times-'));
const entry = path.join(work, 'entry.ts');
const src = (f) => JSON.stringify(path.join(root, f));
writeFileSync(entry, [
  `export { lintManifest } from ${src('src/core/lint/kubernetes/lint.ts')};`,
  `export { kubernetesRules } from ${src('src/core/lint/rules/kubernetes/index.ts')};`,
  `export { parseYaml } from ${src('src/core/lint/yaml/parse.ts')};`,
  `export { SchemaStore } from ${src('src/core/schemas/store.ts')};`,
].join('\n'));
await require('esbuild').build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: path.join(work, 'lint.cjs'), logLevel: 'error', plugins: [yamlEsm] });
const { lintManifest, kubernetesRules, parseYaml, SchemaStore } = require(path.join(work, 'lint.cjs'));

const dir = process.argv[2] ?? path.join(work, 'corpus');
const manifests = process.argv[2] ? path.join(dir, 'manifests') : writeCorpus(dir).dirs.mf;
const texts = readdirSync(manifests).map((f) => readFileSync(path.join(manifests, f), 'utf8'));
const files = texts.map((t) => parseYaml(t));
const schemas = { store: new SchemaStore(JSON.parse(readFileSync(path.join(root, 'schemas/kubernetes.json'), 'utf8'))), version: '1.34' };

function time(rules) {
  const xs = [];
  for (let run = 0; run < 3; run++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < texts.length; i++) {
      lintManifest(texts[i], { parsed: files[i], rules, schemas });
    }
    xs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return xs.sort((a, b) => a - b)[1];
}

for (let k = 0; k < Number(process.env.WARM ?? 1); k++) console.log(`warm-up ${k + 1}: every rule ${time(kubernetesRules).toFixed(0)} ms`);
const all = time(kubernetesRules);
const none = time([]);
const rows = kubernetesRules.map((r) => ({ id: r.meta.id, ms: time([r]) - none })).sort((a, b) => b.ms - a.ms);
console.log(`${texts.length} files; every rule ${all.toFixed(0)} ms, no rule ${none.toFixed(0)} ms (shared cost), sum of single rules ${rows.reduce((n, r) => n + r.ms, 0).toFixed(0)} ms`);
for (const r of rows.slice(0, Number(process.env.TOP ?? 25))) {
  console.log(`${r.id.padEnd(8)} ${r.ms.toFixed(1).padStart(8)} ms`);
}
rmSync(work, { recursive: true, force: true });
