import { stat } from 'node:fs/promises';
import type { KueueObjects } from '../../core/lint/kubernetes/kueue';
import { kueueObjects, mayDeclareKueueObjects, mergeKueueObjects } from '../../core/lint/kubernetes/kueue';
import { parseYaml } from '../../core/lint/yaml/parse';
import { readTextFile } from '../fs/read-text-file';

/** The largest file read for Kueue objects. */
const maxBytes = 1024 * 1024;
/** The most files read in one call. */
const maxFiles = 2000;

/** What each file read said, by path, while its size and modification time stay the same (an editor lints often). */
const seen = new Map<string, { stamp: string; objects: KueueObjects | undefined }>();

async function objectsOfFile(file: string): Promise<KueueObjects | undefined> {
  let stamp: string;
  try {
    const st = await stat(file);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const known = seen.get(file);
  if (known?.stamp === stamp) {
    return known.objects;
  }
  const read = await readTextFile(file, maxBytes);
  const objects = read.ok && mayDeclareKueueObjects(read.text) ? kueueObjects(parseYaml(read.text)) : undefined;
  if (seen.size >= maxFiles) {
    seen.clear();
  }
  seen.set(file, { stamp, objects });
  return objects;
}

/**
 * Kueue's ResourceFlavors, ClusterQueues and LocalQueues in `files` (the workspace's YAML files, as `mlc lint` reads
 * those of its run), but `except`, the file being linted, which reads its own; and the files that hold them, for the
 * editor to lint again when one changes. Unreadable files say nothing.
 */
export async function kueueObjectsIn(files: readonly string[], except?: string): Promise<{ kueue?: KueueObjects; files: string[] }> {
  const found: KueueObjects[] = [];
  const holding: string[] = [];
  for (const file of files.slice(0, maxFiles)) {
    const objects = file === except ? undefined : await objectsOfFile(file);
    if (objects) {
      found.push(objects);
      holding.push(file);
    }
  }
  const kueue = mergeKueueObjects(found);
  return kueue ? { kueue, files: holding } : { files: holding };
}
