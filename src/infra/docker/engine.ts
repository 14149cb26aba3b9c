// Bundled on its own (dist/docker-engine.js) and loaded on first use: dockerode is heavy.
import Docker from 'dockerode';
import { engineProbeFailure, engineProbeFromResponses, type EngineInfo } from '../../core/docker/engine-facts';
import type { DockerEndpoint, DockerProbe } from '../../core/doctor/facts';
import { readPem } from './tls-material';
import { unixSocketPath } from '../../core/docker/endpoint';

export function createDockerClient(endpoint: DockerEndpoint, timeoutMs = 5000): Docker {
  const url = new URL(endpoint.host);
  switch (url.protocol) {
    case 'unix:':
      return new Docker({ socketPath: unixSocketPath(endpoint.host), timeout: timeoutMs });
    case 'npipe:':
      return new Docker({ socketPath: endpoint.host.slice('npipe:'.length).replace(/\//g, '\\'), timeout: timeoutMs });
    case 'tcp:':
    case 'http:':
    case 'https:': {
      const tls = endpoint.tls ?? (url.protocol === 'https:' ? { verify: true } : undefined);
      const ca = readPem(tls?.certPath, 'ca.pem');
      const cert = readPem(tls?.certPath, 'cert.pem');
      const key = readPem(tls?.certPath, 'key.pem');
      return new Docker({
        host: url.hostname,
        port: url.port || (tls ? 2376 : 2375),
        protocol: tls ? 'https' : 'http',
        timeout: timeoutMs,
        ...(ca ? { ca } : {}),
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
      });
    }
    case 'ssh:':
      return new Docker({
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || 22,
        username: url.username || undefined,
        timeout: timeoutMs,
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      });
    default:
      throw Object.assign(new Error(`unsupported Docker endpoint scheme ${url.protocol}`), { code: 'EUNSUPPORTED' });
  }
}

function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return work;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The dockerode path of the probe, for endpoints plain HTTP cannot reach (ssh://). Never throws. */
export async function probeDockerEngineWithDockerode(endpoint: DockerEndpoint, signal?: AbortSignal): Promise<DockerProbe> {
  try {
    const docker = createDockerClient(endpoint);
    const [version, info] = await abortable(Promise.all([docker.version(), docker.info() as Promise<EngineInfo>]), signal);
    return engineProbeFromResponses(version, info);
  } catch (err) {
    return engineProbeFailure(err);
  }
}
