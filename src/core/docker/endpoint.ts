import type { DockerEndpoint } from '../doctor/facts';

export interface DockerEnv {
  DOCKER_HOST?: string;
  DOCKER_CONTEXT?: string;
  DOCKER_TLS_VERIFY?: string;
  DOCKER_CERT_PATH?: string;
}

export interface ParsedDockerConfig {
  currentContext?: string;
  problem?: string;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads only what endpoint resolution needs from ~/.docker/config.json; never returns credentials. */
export function parseDockerConfig(text: string): ParsedDockerConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON (${errorText(err)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'not a JSON object' };
  }
  const current = (value as Record<string, unknown>).currentContext;
  if (current !== undefined && typeof current !== 'string') {
    return { problem: '"currentContext" is not a string' };
  }
  return current ? { currentContext: current } : {};
}

export interface ContextChoice {
  name: string;
  source: 'DOCKER_CONTEXT' | 'docker-config';
}

/** The docker CLI's order: DOCKER_HOST beats DOCKER_CONTEXT, which beats config.json's currentContext. */
export function chooseDockerContext(env: DockerEnv, config: ParsedDockerConfig): ContextChoice | undefined {
  if (env.DOCKER_HOST) {
    return undefined;
  }
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') {
    return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
  }
  if (!env.DOCKER_CONTEXT && config.currentContext && config.currentContext !== 'default') {
    return { name: config.currentContext, source: 'docker-config' };
  }
  return undefined;
}

export interface ParsedContextMeta {
  host?: string;
  skipTlsVerify?: boolean;
  problem?: string;
}

export function parseContextMeta(text: string): ParsedContextMeta {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `context metadata is not valid JSON (${errorText(err)})` };
  }
  const docker = (value as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } } | null)?.Endpoints?.docker;
  if (!docker || typeof docker.Host !== 'string' || docker.Host === '') {
    return { problem: 'context metadata has no docker endpoint host' };
  }
  return { host: docker.Host, skipTlsVerify: docker.SkipTLSVerify === true };
}

/** The socket path of a unix:// host, taken verbatim as the docker CLI does (no URL decoding). */
export function unixSocketPath(host: string): string {
  return host.slice('unix://'.length);
}

export function defaultDockerHost(platform: string): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}

export interface ResolveInput {
  platform: string;
  setting?: string;
  env: DockerEnv;
  context?: ContextChoice;
  contextMeta?: ParsedContextMeta;
  /** Folder holding the context's ca.pem/cert.pem/key.pem, if it has TLS material. */
  contextTlsPath?: string;
}

export function resolveDockerEndpoint(input: ResolveInput): DockerEndpoint {
  const envTls = (): DockerEndpoint['tls'] | undefined => {
    // As the docker CLI: any non-empty DOCKER_TLS_VERIFY, even "0", turns verification on.
    const verify = !!input.env.DOCKER_TLS_VERIFY;
    if (!verify && !input.env.DOCKER_CERT_PATH) {
      return undefined;
    }
    return { verify, ...(input.env.DOCKER_CERT_PATH ? { certPath: input.env.DOCKER_CERT_PATH } : {}) };
  };
  const withTls = (ep: DockerEndpoint, tls: DockerEndpoint['tls'] | undefined): DockerEndpoint => (tls && ep.host.startsWith('tcp://') ? { ...ep, tls } : ep);

  if (input.setting) {
    return withTls({ host: input.setting, source: 'setting' }, envTls());
  }
  if (input.env.DOCKER_HOST) {
    return withTls({ host: input.env.DOCKER_HOST, source: 'DOCKER_HOST' }, envTls());
  }
  if (input.context && input.contextMeta?.host) {
    const tls = input.contextTlsPath ? { verify: !input.contextMeta.skipTlsVerify, certPath: input.contextTlsPath } : undefined;
    return withTls({ host: input.contextMeta.host, source: input.context.source, contextName: input.context.name }, tls);
  }
  return { host: defaultDockerHost(input.platform), source: 'default' };
}
