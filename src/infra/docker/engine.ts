// Bundled on its own (dist/docker-engine.js) and loaded on first use: dockerode is heavy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import { classifyDockerError } from '../../core/docker/classify-error';
import type { DockerEndpoint, DockerProbe } from '../../core/doctor/facts';

function readPem(dir: string | undefined, file: string): Buffer | undefined {
  if (!dir) {
    return undefined;
  }
  try {
    return fs.readFileSync(path.join(dir, file));
  } catch {
    return undefined;
  }
}

export function createDockerClient(endpoint: DockerEndpoint, timeoutMs = 5000): Docker {
  const url = new URL(endpoint.host);
  switch (url.protocol) {
    case 'unix:':
      return new Docker({ socketPath: url.pathname, timeout: timeoutMs });
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
      } as Docker.DockerOptions);
    default:
      throw Object.assign(new Error(`unsupported Docker endpoint scheme ${url.protocol}`), { code: 'EUNSUPPORTED' });
  }
}

interface EngineError {
  code?: string;
  message?: string;
  statusCode?: number;
  json?: { message?: string };
}

export function toProbeFailure(err: unknown): Extract<DockerProbe, { ok: false }> {
  const e = (err ?? {}) as EngineError;
  const message = e.json?.message ?? e.message ?? String(err);
  if (e.code === 'EUNSUPPORTED') {
    return { ok: false, kind: 'unsupported-scheme', code: e.code, message };
  }
  return { ok: false, kind: classifyDockerError(e.code, message, e.statusCode), ...(e.code ? { code: e.code } : {}), message };
}

interface EngineInfo {
  Runtimes?: Record<string, unknown>;
  DefaultRuntime?: string;
  GenericResources?: { DiscreteResourceSpec?: { Kind?: string; Value?: number } }[] | null;
  CDISpecDirs?: string[];
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

/** Asks the engine who it is and what it can run. Never throws. */
export async function probeDockerEngine(endpoint: DockerEndpoint, signal?: AbortSignal): Promise<DockerProbe> {
  try {
    const docker = createDockerClient(endpoint);
    const [version, info] = await abortable(Promise.all([docker.version(), docker.info() as Promise<EngineInfo>]), signal);
    const gpuHints = (info.GenericResources ?? [])
      .map((r) => r.DiscreteResourceSpec)
      .filter((s): s is { Kind?: string; Value?: number } => !!s && /gpu/i.test(s.Kind ?? ''))
      .map((s) => `generic resource ${s.Kind ?? ''}=${s.Value ?? ''}`);
    return {
      ok: true,
      serverVersion: version.Version,
      apiVersion: version.ApiVersion,
      os: version.Os,
      arch: version.Arch,
      runtimes: Object.keys(info.Runtimes ?? {}).sort(),
      defaultRuntime: info.DefaultRuntime ?? 'runc',
      gpuHints,
    };
  } catch (err) {
    return toProbeFailure(err);
  }
}
