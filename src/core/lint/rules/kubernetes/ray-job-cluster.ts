import type { YAMLMap } from 'yaml';
import type { YamlView } from '../../yaml/access';

/**
 * A RayJob spec whose RayCluster outlives the job: KubeRay creates the cluster from rayClusterSpec and deletes it only
 * with shutdownAfterJobFinishes: true (default false) or a deletionStrategy (deletionPolicy in KubeRay 1.3). A
 * cluster chosen by clusterSelector is not the RayJob's to delete; an explicit `false` is a choice.
 */
export function rayJobKeepsCluster(view: YamlView, spec: YAMLMap | undefined): boolean {
  if (!spec || view.get(spec, 'rayClusterSpec') === undefined) {
    return false;
  }
  return ['clusterSelector', 'deletionStrategy', 'deletionPolicy', 'shutdownAfterJobFinishes'].every((key) => view.get(spec, key) === undefined);
}
