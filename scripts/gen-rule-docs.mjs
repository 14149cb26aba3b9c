// Regenerates the rule tables in README.md (between <!-- generated:rules:start/end -->) from the rule
// registries in src/core/lint/rules/*/index.ts, so the README lists every rule and cannot drift.
// Usage: node scripts/gen-rule-docs.mjs [--check]   (--check: exit 1 when README.md is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { ensureTsx, importTs, loadRegistries } from './bench/lint-registries.mjs';

ensureTsx();

const { ruleDocUrl } = await importTs('src/core/lint/docs.ts');

const headings = { MLD: 'Dockerfiles (`MLD`)', MLK: 'Kubernetes manifests (`MLK`)', MLC: 'Compose files (`MLC`)', MLX: 'Across files (`MLX`)' };
const prefixOrder = ['MLD', 'MLK', 'MLC', 'MLX'];
/** Equivalents keys → the catalogue's abbreviations (§1.3); unknown keys print as they are. */
const anchors = { hadolint: 'HL', buildkit: 'BK', dockerfileUtils: 'DFU', kubeLinter: 'KL', kubeScore: 'KS', polaris: 'PO', dclint: 'DC', kubeconform: 'KC', trivy: 'Trivy' };

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const yes = (b) => (b ? 'yes' : '—');
function equivalents(eq = {}) {
  const parts = Object.entries(eq)
    .filter(([, codes]) => Array.isArray(codes) && codes.length > 0)
    .map(([key, codes]) => `${anchors[key] ?? key} ${codes.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : '—';
}

const registries = await loadRegistries();
const all = registries.flatMap((r) => r.rules.map((rule) => rule.meta));
const byPrefix = new Map();
for (const meta of all) {
  const prefix = meta.id.slice(0, 3);
  byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), meta]);
}
const prefixes = [...byPrefix.keys()].sort((a, b) => (prefixOrder.indexOf(a) + 1 || 99) - (prefixOrder.indexOf(b) + 1 || 99) || a.localeCompare(b));

const sections = [
  `${all.length} rules, generated from the rule registry by \`node scripts/gen-rule-docs.mjs\`. ` +
    'Off-by-default rules are turned on in `.mlc.yaml` (`rules: { MLD106: on }`); any rule can be silenced with `# mlc-ignore <ID>` above the line. ' +
    'Equivalents: HL hadolint, BK BuildKit checks, DFU dockerfile-utils, KL kube-linter, KS kube-score, PO Polaris, DC dclint.',
];
for (const prefix of prefixes) {
  const metas = byPrefix.get(prefix).sort((a, b) => a.id.localeCompare(b.id));
  sections.push([
    `### ${headings[prefix] ?? prefix}`,
    '',
    '| ID | Name | Family | Severity | Default | Fixable | ML | Equivalents | Reports |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...metas.map((m) => `| [${m.id}](${ruleDocUrl(m.id)}) | \`${m.name}\` | ${m.family} | ${m.severity} | ${m.enabledByDefault ? 'on' : 'off'} | ${yes(m.fixable)} | ${yes(m.ml)} | ${cell(equivalents(m.equivalents))} | ${cell(m.description)} |`),
  ].join('\n'));
}
const body = sections.join('\n\n');

const readme = readFileSync('README.md', 'utf8');
const start = '<!-- generated:rules:start -->';
const end = '<!-- generated:rules:end -->';
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) {
  console.error(`README.md lacks the ${start} … ${end} markers (under "## Lint rules").`);
  process.exit(1);
}
const next = `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`;
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md rule tables are out of date with the rule registry: run `node scripts/gen-rule-docs.mjs`.');
    process.exit(1);
  }
  console.log(`README.md rule tables match the registry (${all.length} rules).`);
} else {
  writeFileSync('README.md', next);
  console.log(`README.md: ${all.length} rules written.`);
}
