import type { Node } from 'yaml';
import { documentObject } from '../../kubernetes/document-object';
import { objectDocuments } from '../../kubernetes/list-items';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import { mounts, volumes } from './helpers';

/** The ConfigMap key a file of its volume comes from: the key its `items` map to that path, else the path itself. */
function configMapKey(view: YamlView, configMap: Node, file: string): string | undefined {
  const items = view.list(view.get(configMap, 'items'));
  if (items.length > 0) {
    return view.text(items.find((i) => view.text(i, 'path') === file), 'key');
  }
  return file.includes('/') ? undefined : file;
}

/** The ConfigMap named `name` in the file, in the object's namespace (either may leave it unset). */
function sameFileConfigMap(ctx: KubernetesContext, obj: KubeObject, name: string): KubeObject | undefined {
  for (const document of objectDocuments(ctx.file)) {
    const other = document === ctx.document || document.skipped !== undefined ? undefined : documentObject(ctx.file, document);
    if (other?.kind === 'ConfigMap' && other.name === name && (other.namespace === undefined || obj.namespace === undefined || other.namespace === obj.namespace)) {
      return other;
    }
  }
  return undefined;
}

/** Where a path the container reads lies in a ConfigMap volume it mounts: the ConfigMap's name and key. */
function configMapFile(view: YamlView, pod: PodSpecRef, container: Node, path: string): { name: string; key: string } | undefined {
  for (const m of mounts(view, container)) {
    const mountPath = m.mountPath?.replace(/\/+$/, '');
    const subPath = view.text(m.node, 'subPath');
    const file = mountPath === undefined ? undefined : subPath !== undefined ? (path === mountPath ? subPath : undefined) : path.startsWith(`${mountPath}/`) ? path.slice(mountPath.length + 1) : undefined;
    const configMap = file === undefined ? undefined : view.get(volumes(view, pod).find((v) => v.name === m.name)?.node, 'configMap');
    const name = view.text(configMap, 'name');
    const key = configMap === undefined || file === undefined ? undefined : configMapKey(view, configMap, file);
    if (name !== undefined && key !== undefined) {
      return { name, key };
    }
  }
  return undefined;
}

/**
 * The text of the script at `path` when the container mounts it from a ConfigMap of the same file (`/scripts/run.sh`
 * from a volume of ConfigMap `scripts`, key `run.sh`); undefined when it lies anywhere else.
 */
export function mountedScript(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, container: Node, path: string): string | undefined {
  const file = configMapFile(obj.view, pod, container, path);
  const configMap = file === undefined ? undefined : sameFileConfigMap(ctx, obj, file.name);
  return configMap === undefined || file === undefined ? undefined : configMap.view.text(configMap.view.get(configMap.root, 'data'), file.key);
}
