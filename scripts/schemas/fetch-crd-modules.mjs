// Downloads (once; a no-op when cached) the Go modules whose CRD files schemas/manifest.json names, so
// the e2e tier can install exactly those CRDs into the test cluster on a machine that never ran gen:schemas;
// CRDs generated from Go types (Volcano) are generated again the same way.
import { readFileSync } from 'node:fs';
import { goModule } from './sources.mjs';
import { volcanoCrdDir } from './volcano.mjs';

const manifest = JSON.parse(readFileSync(new URL('../../schemas/manifest.json', import.meta.url), 'utf8'));
const modules = new Map();
for (const { source } of manifest.crds ?? []) {
  if (source.kind === 'controller-gen') {
    const started = Date.now();
    console.log(`[schemas] ${source.module}@${source.version} CRDs generated in ${volcanoCrdDir()} (${Date.now() - started} ms)`);
  } else {
    modules.set(`${source.module}@${source.version}`, source);
  }
}
for (const { module, version } of modules.values()) {
  const started = Date.now();
  const info = goModule(module, version);
  console.log(`[schemas] ${module}@${info.Version} ready (${Date.now() - started} ms)`);
}
