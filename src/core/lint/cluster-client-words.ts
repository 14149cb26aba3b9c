import { afterLastSlash } from './after-last-slash';

/** Clients of the cluster's API: the words after them name objects (`deployment/vllm`, `pod vllm-0`), not programs to run here. */
const clusterClients = new Set(['kubectl', 'oc', 'helm']);

/** The words that end a simple command (command-words.ts writes a script's line breaks as `;`). */
const separatorRe = /^(?:&&|\|\||;|\||&)$/;

/** The word starts a cluster client, also as a command substitution (`$(kubectl get …)`) or at the start of a quoted script. */
function startsClusterClient(word: string): boolean {
  return clusterClients.has(afterLastSlash(word).replace(/^["']?(?:\$\(|`)?/, ''));
}

/**
 * The words less what a cluster client takes: the rest of each simple command from the client on. A word that ends in
 * `;` ends its command too (`kubectl delete pod/x; torchrun …` split on blanks).
 */
export function wordsBesideClusterClients(words: readonly string[]): string[] {
  const kept: string[] = [];
  let client = false;
  for (const word of words) {
    client = !separatorRe.test(word) && (client || startsClusterClient(word));
    if (!client) {
      kept.push(word);
    }
    client &&= !word.endsWith(';');
  }
  return kept;
}
