import * as path from 'node:path';
import { runWithCodeCache } from './code-cache';
import { budgetJitForOneShotRun, oneShotFlags } from './jit-budget';

// `mlc`: the flags first (V8 keys compiled code by them), then the CLI bundle beside this one, from the code cache.
budgetJitForOneShotRun();
const bundle = path.join(__dirname, 'cli-main.js');
let used = false;
try {
  used = runWithCodeCache(bundle, oneShotFlags).used;
} catch (e) {
  const missing = (e as NodeJS.ErrnoException).code === 'ENOENT' && (e as NodeJS.ErrnoException).path === bundle;
  process.stderr.write(missing ? `mlc: ${bundle} is missing beside ${__filename}; reinstall the extension or rebuild (npm run build)\n` : `mlc: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
if (process.env.MLC_LINT_TIMING === '1') {
  process.stderr.write(`mlc: timing: code cache ${used ? 'used' : 'not used (compiled; written at exit)'}\n`);
}
