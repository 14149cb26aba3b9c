import type { DockerEndpoint, DockerFacts, DockerFailureKind, DockerProbe, SocketFacts } from '../doctor/facts';
import { checkDockerReachable } from '../doctor/docker-checks';

const headlines: Record<DockerFailureKind, string> = {
  'socket-missing': 'the daemon is not running',
  'connection-refused': 'the daemon is not running',
  'permission-denied': 'permission denied on the Docker socket',
  'host-not-found': 'the Docker host name does not resolve',
  timeout: 'the engine did not answer in time',
  tls: 'the TLS handshake failed',
  'api-too-old': 'the Docker Engine is too old (API 1.41 or newer needed)',
  'unsupported-scheme': 'the endpoint scheme is not supported',
  other: 'unexpected error',
};

export interface ConnectionFailureView {
  /** The tree's message node: "Cannot reach Docker: the daemon is not running". */
  label: string;
  /** Where we tried: "unix:///var/run/docker.sock (default)". */
  endpointText: string;
  summary: string;
  fix?: string;
  details: string[];
}

export type DockerFailure = Extract<DockerProbe, { ok: false }>;

/** The explorer's message for a failed connection; summary and fix are Check Environment's own texts. */
export function connectionFailureView(failure: DockerFailure, endpoint: DockerEndpoint | undefined, socket?: SocketFacts): ConnectionFailureView {
  const facts: DockerFacts = { configProblems: [], probe: failure, ...(endpoint ? { endpoint } : {}), ...(socket ? { socket } : {}) };
  const finding = checkDockerReachable(facts);
  return {
    label: `Cannot reach Docker: ${headlines[failure.kind]}`,
    endpointText: endpoint ? `${endpoint.host} (${endpoint.contextName ? `context ${endpoint.contextName}` : endpoint.source})` : 'no endpoint resolved',
    summary: finding.summary,
    ...(finding.fix ? { fix: finding.fix } : {}),
    details: finding.details ?? [],
  };
}
