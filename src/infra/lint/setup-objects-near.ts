import type { KueueObjects } from '../../core/lint/kubernetes/kueue';
import { kueueObjects, mayDeclareKueueObjects, mergeKueueObjects } from '../../core/lint/kubernetes/kueue';
import { mayDeclareServingRuntimes, shmServingRuntimes } from '../../core/lint/rules/kubernetes/serving-runtimes';
import type { YamlFile } from '../../core/lint/yaml/parse';
import { parseYaml } from '../../core/lint/yaml/parse';
import { cachedFileFacts } from './file-facts';

/** The largest file read for setup objects. */
const maxBytes = 1024 * 1024;
/** The most files read in one call. */
const maxFiles = 2000;

/** Cluster setup that workloads in other files depend on: Kueue's flavors and queues, KServe runtimes mounting /dev/shm. */
export interface SetupObjects {
  kueue?: KueueObjects;
  shmRuntimes?: ReadonlySet<string>;
}

function setupObjectsOf(text: string): SetupObjects | undefined {
  const kueue = mayDeclareKueueObjects(text);
  const runtimes = mayDeclareServingRuntimes(text);
  if (!kueue && !runtimes) {
    return undefined;
  }
  const file: YamlFile = parseYaml(text);
  const found = kueue ? kueueObjects(file) : undefined;
  const shm = runtimes ? shmServingRuntimes(file) : undefined;
  return found || (shm && shm.size > 0) ? { ...(found ? { kueue: found } : {}), ...(shm && shm.size > 0 ? { shmRuntimes: shm } : {}) } : undefined;
}

const objectsOfFile = cachedFileFacts(maxBytes, setupObjectsOf, maxFiles);

/**
 * The setup objects in `files` (the workspace's YAML files, as `mlc lint` reads those of its run), but `except`, the
 * file being linted, which reads its own. Unreadable files say nothing.
 */
export async function setupObjectsIn(files: readonly string[], except?: string): Promise<SetupObjects> {
  const kueue: KueueObjects[] = [];
  const shmRuntimes = new Set<string>();
  for (const file of files.slice(0, maxFiles)) {
    const objects = file === except ? undefined : await objectsOfFile(file);
    if (objects?.kueue) {
      kueue.push(objects.kueue);
    }
    objects?.shmRuntimes?.forEach((name) => shmRuntimes.add(name));
  }
  const merged = mergeKueueObjects(kueue);
  return { ...(merged ? { kueue: merged } : {}), ...(shmRuntimes.size > 0 ? { shmRuntimes } : {}) };
}
