import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fastParseOptions, tryFastParse } from '../../../../src/core/lint/yaml/fast-parse';

/*
 * On demand, not part of the unit tier (its name does not end in .unit.test.ts): parses every
 * manifest of the lint benchmark corpus with the package and with the fast path, prints both times
 * and how many files took the fast path, and asserts only that all of them did and that both give
 * the same number of documents. Results are dropped as they come, as the linter does per file.
 *   node -e "import('./scripts/bench/lint-corpus.mjs').then(m=>m.writeCorpus('/tmp/lc'))"
 *   MLC_LINT_CORPUS=/tmp/lc/manifests npx mocha --no-config --node-option import=tsx --node-option expose-gc --timeout 600000 test/unit/lint/yaml/fast-parse-throughput.test.ts
 * Without MLC_LINT_CORPUS it generates 60 manifests of the same kind in memory. With expose-gc each
 * timed pass starts after a full collection, so neither pays for the other's garbage.
 */
const repoRoot = path.resolve(__dirname, '../../../..');

interface Corpus {
  rng(seed: number): () => number;
  manifest(r: () => number, minLines: number, first?: number): { text: string };
}

async function corpusTexts(): Promise<string[]> {
  const dir = process.env.MLC_LINT_CORPUS;
  if (dir) {
    return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  }
  const corpus = (await import(path.join(repoRoot, 'scripts/bench/lint-corpus.mjs'))) as Corpus;
  const r = corpus.rng(1);
  return Array.from({ length: 60 }, (_, i) => corpus.manifest(r, 1_000, i * 40).text);
}

describe('fast YAML path throughput on the lint benchmark corpus', function () {
  this.timeout(600_000);

  it('takes the fast path for every file; prints package vs fast-path milliseconds', async () => {
    const texts = await corpusTexts();
    assert.ok(texts.length > 0, 'no YAML files in MLC_LINT_CORPUS');
    const packageCounts = texts.map((t) => parseAllDocuments(t, { ...fastParseOptions }).length);
    const fastCounts = texts.map((t) => {
      const r = tryFastParse(t);
      return 'documents' in r ? r.documents.length : -1;
    });
    assert.deepEqual(fastCounts, packageCounts, 'a file was declined or gave another number of documents');
    const megabytes = texts.reduce((n, t) => n + t.length, 0) / 1e6;
    const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
    for (let round = 1; round <= 3; round++) {
      collect();
      let started = performance.now();
      let documents = 0;
      for (const t of texts) {
        documents += parseAllDocuments(t, { ...fastParseOptions }).length;
      }
      const packageMs = performance.now() - started;
      collect();
      started = performance.now();
      let taken = 0;
      for (const t of texts) {
        const r = tryFastParse(t);
        taken += 'documents' in r ? 1 : 0;
      }
      const fastMs = performance.now() - started;
      console.log(`  round ${round}: ${texts.length} files, ${megabytes.toFixed(1)} MB, ${documents} documents — yaml ${packageMs.toFixed(0)} ms, fast path ${fastMs.toFixed(0)} ms (${(packageMs / fastMs).toFixed(1)}×), fast path taken by ${taken}/${texts.length}`);
      assert.equal(taken, texts.length);
    }
  });
});
