import type { PodSpecRef } from '../../kubernetes/model';
import { commandWords, imageRepository } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import { envEntries } from './helpers';

/** Where the kubelet mounts the ServiceAccount token (`/var/run` is a link to `/run`). */
const tokenDir = '/run/secrets/kubernetes.io/serviceaccount';

const isKubectl = (word: string): boolean => word === 'kubectl' || word.endsWith('/kubectl');

/**
 * A container of the pod visibly uses its ServiceAccount token: its command, args or an env value name the token's
 * folder (`curl -H "Authorization: Bearer $(cat …/token)"`), or it runs kubectl (an image named kubectl, or the word in
 * its command), which reads the token when no kubeconfig is given.
 */
export function podUsesOwnToken(view: YamlView, pod: PodSpecRef): boolean {
  return pod.containers.some(({ node }) => {
    const words = commandWords(view, node);
    return (
      words.some((w) => w.includes(tokenDir) || isKubectl(w)) ||
      isKubectl(imageRepository(view.text(node, 'image') ?? '')) ||
      envEntries(view, node).some((e) => e.value?.includes(tokenDir) === true)
    );
  });
}
