// Downloads (once; a no-op when cached) the Go modules whose CRD files schemas/manifest.json names, so
// the e2e tier can install exactly those CRDs into the test cluster on a machine that never ran gen:schemas.
import { readFileSync } from 'node:fs';
import { goModule } from './sources.mjs';

const manifest = JSON.parse(readFileSync(new URL('../../schemas/manifest.json', import.meta.url), 'utf8'));
const modules = new Map();
for (const { source } of manifest.crds ?? []) {
  modules.set(`${source.module}@${source.version}`, source);
}
for (const { module, version } of modules.values()) {
  const started = Date.now();
  const info = goModule(module, version);
  console.log(`[schemas] ${module}@${info.Version} ready (${Date.now() - started} ms)`);
}
