import * as path from 'node:path';

export type KubernetesClientModule = typeof import('./client');

let loaded: Promise<KubernetesClientModule> | undefined;

/** Loads the client-node adapter on first use; in the bundle it is a separate file so activation stays light. */
export function loadKubernetesClient(): Promise<KubernetesClientModule> {
  loaded ??= process.env.MLC_BUNDLED
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path to a sibling bundle
      Promise.resolve(require(path.join(__dirname, 'kubernetes-client.js')) as KubernetesClientModule)
    : import('./client');
  return loaded;
}
