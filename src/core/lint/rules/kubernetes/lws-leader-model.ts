import type { Node } from 'yaml';
import { commandWords } from '../../kubernetes/gpu';
import type { KubeObject } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';
import { positionalModel } from '../../server-commands';
import { downloadDirOf } from './download-dir';
import { expandedCommandLine } from './env-references';
import { namesHubRepository } from './hub-model-path';
import { afterLastSlash } from '../../after-last-slash';

/** The Hugging Face model a leader's serving command names: `--model org/name` (`--model-id`), `vllm serve org/name`. */
const hubModelRe = /(?:^|\s)(?:--model(?:[-_]id)?(?:=|\s+)|vllm\s+serve\s+)["']?([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(?=["'\s;&|]|$)/;

/**
 * The hub model of the leader's line: by hubModelRe, else a server's positional model after flags (`vllm serve --port
 * 8080 org/name`) when it is a hub repository id, as MLK419 reads one.
 */
function hubModelOf(view: YamlView, container: Node, line: string): string | undefined {
  const model = hubModelRe.exec(line)?.[1];
  if (model !== undefined || !line.includes('serve')) {
    return model;
  }
  const positional = positionalModel(line.match(/\S+/g) ?? []);
  return positional !== undefined && namesHubRepository(view, container, positional) ? positional : undefined;
}

/** The model a LeaderWorkerSet's leader (a kthena ModelServing role's entry pod) serves from the hub, and where its engine downloads weights when a flag says. */
export interface LeaderHubModel {
  model: string;
  downloadDir?: string;
}

/** The hub model of each pod role that names one (see LeaderHubModel), the first container's that does. */
const hubModelsByRole = derivation((view, obj: KubeObject): Map<string, LeaderHubModel> => {
  const out = new Map<string, LeaderHubModel>();
  for (const pod of obj.podSpecs) {
    const role = pod.role;
    if (role === undefined || out.has(role)) {
      continue;
    }
    for (const c of pod.containers) {
      const model = hubModelOf(view, c.node, expandedCommandLine(view, c.node));
      if (model !== undefined) {
        const downloadDir = downloadDirOf(view, c.node);
        out.set(role, downloadDir !== undefined ? { model, downloadDir } : { model });
        break;
      }
    }
  }
  return out;
});

/** The role of the pod a worker pod joins: a LeaderWorkerSet worker's leader, a kthena ModelServing role's entry pod; undefined for any other pod. */
function leaderRoleOf(obj: KubeObject, role: string | undefined): string | undefined {
  const group = apiGroupOf(obj.apiVersion);
  if (obj.kind === 'LeaderWorkerSet' && group === 'leaderworkerset.x-k8s.io') {
    return role === 'worker' ? 'leader' : undefined;
  }
  const worker = ' worker';
  return obj.kind === 'ModelServing' && group === 'workload.serving.volcano.sh' && role?.endsWith(worker) === true ? `${role.slice(0, -worker.length)} entry` : undefined;
}

/** vLLM's `multi-node-serving.sh` and LWS's older `ray_init.sh`: their `worker` subcommand runs `ray start --address=… --block`. */
const rayJoinScriptRe = /(?:multi-node-serving|(?:^|\/)ray_init)\.sh$/;

/**
 * The container joins its group leader's Ray cluster (`ray start --address=…`, `multi-node-serving.sh worker`, `ray_init.sh worker`):
 * vLLM runs its tensor- and pipeline-parallel workers there, and each loads the leader's model, downloading the
 * weights into its own pod's cache.
 */
function joinsRayCluster(view: YamlView, container: Node): boolean {
  const words = commandWords(view, container);
  return words.some((w, k) => {
    const next = words[k + 1] ?? '';
    return (afterLastSlash(w) === 'ray' && next === 'start') || (rayJoinScriptRe.test(w) && next === 'worker');
  });
}

/** The leader's hub model a LeaderWorkerSet's (or kthena ModelServing's) worker container loads as a Ray worker; undefined for any other container. */
export function leaderModelOfWorker(obj: KubeObject, role: string | undefined, container: Node): LeaderHubModel | undefined {
  const leaderRole = leaderRoleOf(obj, role);
  if (leaderRole === undefined) {
    return undefined;
  }
  const view = obj.view;
  const leader = view.derive(hubModelsByRole, obj).get(leaderRole);
  return leader !== undefined && joinsRayCluster(view, container) ? leader : undefined;
}
