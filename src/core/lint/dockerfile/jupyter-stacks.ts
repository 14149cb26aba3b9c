import type { ImageRef } from './image-ref';

/**
 * Jupyter docker-stacks images (`quay.io/jupyter/*-notebook`, `docker-stacks-foundation`): they end with
 * `USER ${NB_UID}` (jovyan, 1000), and their jupyter_server_config.py sets `c.ServerApp.ip = ""`, so a server
 * started in them listens on every interface without an --ip.
 */
export function isJupyterStackImage(ref: ImageRef): boolean {
  return (ref.domain === 'quay.io' || ref.domain === 'docker.io') && /^jupyter\/(?:[a-z0-9-]+-notebook|docker-stacks-foundation)$/.test(ref.path);
}
