import * as path from 'node:path';
import { runWithCodeCache } from './code-cache';
import { budgetJitForOneShotRun, oneShotFlags } from './jit-budget';

// `mlc`: the flags first (V8 keys compiled code by them), then the CLI bundle beside this one, from the code cache.
budgetJitForOneShotRun();
const { used } = runWithCodeCache(path.join(__dirname, 'cli-main.js'), oneShotFlags);
if (process.env.MLC_LINT_TIMING === '1') {
  process.stderr.write(`mlc: timing: code cache ${used ? 'used' : 'not used (compiled; written at exit)'}\n`);
}
