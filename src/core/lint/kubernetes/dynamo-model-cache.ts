import type { Node } from 'yaml';
import type { YamlView } from '../yaml/access';

/** Variables that move the Hugging Face cache, which MLK419 reads. */
const cacheVariables = new Set(['HF_HOME', 'HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE']);

/** A path at, above or under a Hugging Face cache in a home under /home (`/home/dynamo/.cache/huggingface`, `/home/dynamo/.cache`). */
const homeCacheRe = /^\/home\/[^/]+(?:\/\.cache(?:\/huggingface(?:\/.*)?)?)?\/*$/;

/** The mount points of a Dynamo service's claims: `volumeMounts[].mountPoint`, and the older `pvc.mountPoint`. */
function claimMountPoints(view: YamlView, service: Node | undefined): string[] {
  const entries = [...view.list(view.get(service, 'volumeMounts')), view.get(service, 'pvc')];
  return entries.flatMap((entry) => view.text(entry, 'mountPoint') ?? []);
}

/** The service, or the graph for all of them, sets a variable that moves the Hugging Face cache. */
function movesCache(view: YamlView, graph: Node | undefined, service: Node | undefined): boolean {
  const lists = [view.get(graph, 'envs'), view.get(service, 'envs'), view.at(service, ['extraPodSpec', 'mainContainer', 'env'])];
  return lists.some((list) => view.list(list).some((e) => cacheVariables.has(view.text(e, 'name') ?? '')));
}

/**
 * MLK419 can judge a DynamoGraphDeployment's services: none mounts a claim at a Hugging Face cache under a home other
 * than root's without a variable pointing the cache there. Dynamo's runtime images run as the `dynamo` user (HOME
 * /home/dynamo), whose cache Dynamo's model-caching guide mounts at /home/dynamo/.cache/huggingface; MLK419 reads only
 * root's cache and the variables, so it would report such a service as downloading its model at every start.
 */
export function dynamoCachesReadable(view: YamlView, root: Node): boolean {
  const graph = view.get(root, 'spec');
  for (const [, pair] of view.entries(view.get(graph, 'services'))) {
    const service = pair.value as Node | undefined;
    if (claimMountPoints(view, service).some((p) => homeCacheRe.test(p)) && !movesCache(view, graph, service)) {
      return false;
    }
  }
  return true;
}
