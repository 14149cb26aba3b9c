import { stat } from 'node:fs/promises';
import type { DraGpuClaims } from '../../core/lint/kubernetes/dra';
import { draGpuClaims, mayDeclareDraClaims, mergeDraGpuClaims } from '../../core/lint/kubernetes/dra';
import { parseYaml } from '../../core/lint/yaml/parse';
import { readTextFile } from '../fs/read-text-file';
import { yamlFilesNear } from './hpa-near';

/** The largest file read for claims. */
const maxBytes = 1024 * 1024;

/** What each file read said, by path, while its size and modification time stay the same (an editor lints often). */
const seen = new Map<string, { stamp: string; claims: DraGpuClaims | undefined }>();
const maxSeen = 2000;

async function claimsOfFile(file: string): Promise<DraGpuClaims | undefined> {
  let stamp: string;
  try {
    const st = await stat(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const known = seen.get(file);
  if (known?.stamp === stamp) {
    return known.claims;
  }
  const read = await readTextFile(file, maxBytes);
  const claims = read.ok && mayDeclareDraClaims(read.text) ? draGpuClaims(parseYaml(read.text)) : undefined;
  if (seen.size >= maxSeen) {
    seen.clear();
  }
  seen.set(file, { stamp, claims });
  return claims;
}

/**
 * The GPU claim templates and claims in the other YAML files of `dir` and in `builtWith` (the files the kustomizations
 * that build the linted one apply with it), but `except`, the file being linted, which reads its own: `claims.yaml`
 * beside `deployment.yaml`, as `mlc lint` shares them. Undefined when there are none; unreadable files and folders say
 * nothing.
 */
export async function draClaimsNear(dir: string, except?: string, builtWith: readonly string[] = []): Promise<DraGpuClaims | undefined> {
  const found: DraGpuClaims[] = [];
  for (const file of await yamlFilesNear(dir, except, builtWith)) {
    const claims = await claimsOfFile(file);
    if (claims) {
      found.push(claims);
    }
  }
  return found.length > 0 ? mergeDraGpuClaims(found) : undefined;
}
