import type { KueueObjects } from '../../core/lint/kubernetes/kueue';
import { kueueObjects, mayDeclareKueueObjects, mergeKueueObjects } from '../../core/lint/kubernetes/kueue';
import { parseYaml } from '../../core/lint/yaml/parse';
import { cachedFileFacts } from './file-facts';

/** The largest file read for Kueue objects. */
const maxBytes = 1024 * 1024;
/** The most files read in one call. */
const maxFiles = 2000;

const objectsOfFile = cachedFileFacts(maxBytes, (text) => (mayDeclareKueueObjects(text) ? kueueObjects(parseYaml(text)) : undefined), maxFiles);

/**
 * Kueue's ResourceFlavors, ClusterQueues and LocalQueues in `files` (the workspace's YAML files, as `mlc lint` reads
 * those of its run), but `except`, the file being linted, which reads its own. Unreadable files say nothing.
 */
export async function kueueObjectsIn(files: readonly string[], except?: string): Promise<KueueObjects | undefined> {
  const found: KueueObjects[] = [];
  for (const file of files.slice(0, maxFiles)) {
    const objects = file === except ? undefined : await objectsOfFile(file);
    if (objects) {
      found.push(objects);
    }
  }
  return mergeKueueObjects(found);
}
