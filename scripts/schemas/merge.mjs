// Shares definitions across Kubernetes minors: a definition of an older minor that is identical (its refs
// included, cycles too: a greatest fixed point) to the newest one's is stored once.
import { refsOf } from './openapi.mjs';

/** versions: [{ id, definitions, kinds }] newest first. Returns { definitions, versions: [{ id, kinds }] }. */
export function mergeVersions(versions) {
  const [newest, ...older] = versions;
  const pool = { ...newest.definitions };
  const out = [{ id: newest.id, kinds: newest.kinds }];
  for (const v of older) {
    const same = new Set(Object.keys(v.definitions).filter((n) => pool[n] && JSON.stringify(pool[n]) === JSON.stringify(v.definitions[n])));
    let changed = true;
    while (changed) {
      changed = false;
      for (const n of same) {
        if ([...refsOf(v.definitions[n])].some((r) => !same.has(r))) {
          same.delete(n);
          changed = true;
        }
      }
    }
    const rename = (n) => (same.has(n) ? n : `${n}@${v.id}`);
    for (const [n, def] of Object.entries(v.definitions)) {
      if (!same.has(n)) {
        pool[rename(n)] = JSON.parse(JSON.stringify(def, (k, val) => (k === '$ref' && typeof val === 'string' ? rename(val) : val)));
      }
    }
    out.push({ id: v.id, kinds: v.kinds.map((k) => ({ ...k, ref: rename(k.ref) })) });
  }
  return { definitions: pool, versions: out };
}
