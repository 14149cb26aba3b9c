import type { ImageRef } from './image-ref';
import { isJupyterStackImage } from './jupyter-stacks';

/** The non-root user an image's own Dockerfile ends with: its name, its UID where the image fixes it, and its home. */
export interface ImageUser {
  name: string;
  uid?: string;
  home: string;
}

const jovyan: ImageUser = { name: 'jovyan', uid: '1000', home: '/home/jovyan' };
const modelServer: ImageUser = { name: 'model-server', home: '/home/model-server' };

/**
 * Docker Hub images that end with a non-root USER: Ray's (`ray`, 1000, from base-deps), micromamba's (`mambauser`,
 * 57439), Airflow's (`airflow`, 50000) and TorchServe's (`model-server`, made by `useradd -m`, so its UID depends on the
 * Ubuntu release underneath). Jupyter docker-stacks images run as jovyan (1000).
 */
const hubImageUsers: ReadonlyMap<string, ImageUser> = new Map([
  ...['ray', 'ray-ml', 'ray-llm', 'ray-deps', 'base-deps'].map((name): [string, ImageUser] => [`rayproject/${name}`, { name: 'ray', uid: '1000', home: '/home/ray' }]),
  ['mambaorg/micromamba', { name: 'mambauser', uid: '57439', home: '/home/mambauser' }],
  ['apache/airflow', { name: 'airflow', uid: '50000', home: '/home/airflow' }],
  ...['torchserve', 'torchserve-nightly', 'torchserve-kfs', 'torchserve-kfs-nightly'].map((name): [string, ImageUser] => [`pytorch/${name}`, modelServer]),
]);

/** The user a base image runs its build steps as when the Dockerfile sets no USER, where it is a known non-root one. */
export function baseImageUser(ref: ImageRef | undefined): ImageUser | undefined {
  if (ref === undefined) {
    return undefined;
  }
  if (isJupyterStackImage(ref)) {
    return jovyan;
  }
  return ref.domain === 'docker.io' ? hubImageUsers.get(ref.path) : undefined;
}
