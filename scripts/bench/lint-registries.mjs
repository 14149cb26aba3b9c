// Loads every lint rule registry from source (src/core/lint/rules/<family>/index.ts: any exported array
// of rules), through tsx, so scripts see rule families as soon as they exist. Shared by
// scripts/gen-rule-docs.mjs and scripts/bench-lint.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Makes sure this process runs with tsx's loaders (ESM and CJS, as `node --import tsx` sets them up):
 * when it does not, reruns the script that way and exits with its status. Call before importing .ts.
 */
export function ensureTsx() {
  const loaded = process.execArgv.some((a, k, all) => /(^|=)tsx$/.test(a) && (a.startsWith('--import') || all[k - 1] === '--import'));
  if (loaded) {
    return;
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

export async function importTs(file) {
  return import(pathToFileURL(path.resolve(file)).href);
}

/** [{ family, rules }] with rules sorted by ID, families in directory order. */
export async function loadRegistries(root = process.cwd()) {
  const dir = path.join(root, 'src/core/lint/rules');
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const index = path.join(dir, entry.name, 'index.ts');
    if (!entry.isDirectory() || !existsSync(index)) {
      continue;
    }
    const mod = await importTs(index);
    const byId = new Map();
    for (const value of Object.values(mod)) {
      if (Array.isArray(value)) {
        for (const r of value) {
          if (r && typeof r.check === 'function' && typeof r.meta?.id === 'string') {
            byId.set(r.meta.id, r);
          }
        }
      }
    }
    out.push({ family: entry.name, rules: [...byId.values()].sort((a, b) => a.meta.id.localeCompare(b.meta.id)) });
  }
  return out;
}
