import type { DraGpuClaims } from '../../core/lint/kubernetes/dra';
import { draGpuClaims, mayDeclareDraClaims, mergeDraGpuClaims } from '../../core/lint/kubernetes/dra';
import { parseYaml } from '../../core/lint/yaml/parse';
import { cachedFileFacts } from './file-facts';
import { yamlFilesNear } from './hpa-near';

/** The largest file read for claims. */
const maxBytes = 1024 * 1024;

const claimsOfFile = cachedFileFacts(maxBytes, (text) => (mayDeclareDraClaims(text) ? draGpuClaims(parseYaml(text)) : undefined));

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
