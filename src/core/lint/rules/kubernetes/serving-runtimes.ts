import type { Node } from 'yaml';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { YamlView } from '../../yaml/access';
import type { YamlFile } from '../../yaml/parse';
import { isMemoryEmptyDir, mounts } from './helpers';

/** Whether a file may hold KServe ServingRuntimes or ClusterServingRuntimes (before it is parsed). */
export function mayDeclareServingRuntimes(text: string): boolean {
  return text.includes('ServingRuntime') && text.includes('serving.kserve.io');
}

/** Whether a file may hold an InferenceService that names its runtime (`runtime:`), which another file may declare. */
export function mayNameServingRuntime(text: string): boolean {
  return text.includes('InferenceService') && text.includes('runtime:');
}

/** A hostPath volume of the node's /dev/shm. */
export function isHostShm(view: YamlView, volume: Node): boolean {
  return (view.text(view.get(volume, 'hostPath'), 'path') ?? '').replace(/\/+$/, '') === '/dev/shm';
}

/** Whether a pod spec mounts a memory-backed emptyDir, or the node's /dev/shm, at `/dev/shm` in the container. */
function mountsShm(view: YamlView, podSpec: unknown, container: Node): boolean {
  const shmVolumes = new Set(
    view
      .list(view.get(podSpec, 'volumes'))
      .filter((v) => isMemoryEmptyDir(view, v) || isHostShm(view, v))
      .flatMap((v) => view.text(v, 'name') ?? []),
  );
  return mounts(view, container).some((m) => shmVolumes.has(m.name) && (m.mountPath ?? '').replace(/\/+$/, '') === '/dev/shm');
}

const kept = Symbol('shmServingRuntimes');
type FileWithShmRuntimes = YamlFile & { [kept]?: ReadonlySet<string> };

/**
 * The ServingRuntimes and ClusterServingRuntimes of the file whose first container mounts a memory-backed `/dev/shm`
 * (OpenShift AI's vLLM runtimes do): the controller merges that volume into the pods of the InferenceServices that
 * name them. Read once per file.
 */
export function shmServingRuntimes(file: YamlFile): ReadonlySet<string> {
  const known = (file as FileWithShmRuntimes)[kept];
  if (known !== undefined) {
    return known;
  }
  const names = new Set<string>();
  for (const document of mayDeclareServingRuntimes(file.text) ? file.documents : []) {
    if (document.skipped !== undefined) {
      continue;
    }
    const view = new YamlView(file, document);
    const root = view.root;
    const kind = view.text(root, 'kind');
    const name = view.text(view.get(root, 'metadata'), 'name');
    const spec = view.get(root, 'spec');
    const first = view.list(view.get(spec, 'containers'))[0];
    if (apiGroupOf(view.text(root, 'apiVersion')) === 'serving.kserve.io' && (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') && name !== undefined && first !== undefined && mountsShm(view, spec, first)) {
      names.add(name);
    }
  }
  (file as FileWithShmRuntimes)[kept] = names;
  return names;
}
