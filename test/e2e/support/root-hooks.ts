// Root hooks for the e2e tier (loaded before every spec file through .mocharc.json "file").
import { buildCli } from './cli';
import { ensureEngineRunning } from './engine';
import { removeTempDirs } from './temp';

before(async function () {
  this.timeout(240_000);
  // Idempotent: a no-op when the engine already answers (npm run test:e2e provisions it first).
  await ensureEngineRunning();
  await buildCli();
});

after(async function () {
  this.timeout(120_000);
  await removeTempDirs();
  // Leave the engine as the tier found it at the start: running.
  await ensureEngineRunning();
});
