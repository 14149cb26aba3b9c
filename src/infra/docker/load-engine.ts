import * as path from 'node:path';

export type DockerEngineModule = typeof import('./engine');

let loaded: Promise<DockerEngineModule> | undefined;

/** Loads the dockerode adapter on first use; in the bundle it is a separate file so activation stays light. */
export function loadDockerEngine(): Promise<DockerEngineModule> {
  loaded ??= process.env.MLC_BUNDLED
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path to a sibling bundle
      Promise.resolve(require(path.join(__dirname, 'docker-engine.js')) as DockerEngineModule)
    : import('./engine');
  return loaded;
}
