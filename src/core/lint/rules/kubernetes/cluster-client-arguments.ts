import type { Node } from 'yaml';
import { commandWords } from '../../command-words';
import { isMlCommand } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';

/** Clients of the cluster's API: the words after them name objects (`deployment/vllm`, `pod vllm-0`), not programs to run here. */
const clusterClients = new Set(['kubectl', 'oc', 'helm']);

/** The word starts a cluster client, also as a command substitution (`$(kubectl get …)`). */
function startsClusterClient(word: string): boolean {
  return clusterClients.has(word.slice(word.lastIndexOf('/') + 1).replace(/^(?:\$\(|`)/, ''));
}

/** The command's words (command, then args) less what a cluster client takes: the rest of each simple command from the client on. */
function wordsBesideClusterClients(view: YamlView, container: Node): string[] {
  const kept: string[] = [];
  let client = false;
  for (const word of commandWords(view, [view.list(view.get(container, 'command')), view.list(view.get(container, 'args'))])) {
    client = !word.separator && (client || startsClusterClient(word.text));
    if (!client) {
      kept.push(word.text);
    }
  }
  return kept;
}

const mlBesideClusterClients = derivation((view, container: Node): boolean => isMlCommand(wordsBesideClusterClients(view, container)));

/**
 * The container's ML command (§1.4) is not only words a cluster client reads: `kubectl rollout restart deployment/vllm`
 * restarts a server elsewhere and runs no vLLM here.
 */
export function runsMlBesideClusterClients(view: YamlView, container: Node): boolean {
  return view.derive(mlBesideClusterClients, container);
}
