import type { Kubeconfig } from './kubeconfig';

/** The shape @kubernetes/client-node's KubeConfig.loadFromOptions takes, built from our merged kubeconfig. */
export interface ClientOptions {
  clusters: { name: string; server: string; caFile?: string; caData?: string; skipTLSVerify: boolean; tlsServerName?: string }[];
  users: {
    name: string;
    token?: string;
    certFile?: string;
    certData?: string;
    keyFile?: string;
    keyData?: string;
    username?: string;
    password?: string;
    exec?: { command: string; args: string[]; env: { name: string; value: string }[]; apiVersion?: string };
  }[];
  contexts: { name: string; cluster: string; user: string; namespace?: string }[];
  currentContext: string;
}

/**
 * Converts the merged kubeconfig for one context. `resolveCommand` maps an exec plugin's command to
 * the path found on disk (VS Code's PATH may lack it). A token file is read by the caller.
 */
export function clientOptions(config: Kubeconfig, context: string, resolved: { execCommand?: string; token?: string } = {}): ClientOptions | { problem: string } {
  const ctx = config.contexts.find((c) => c.name === context);
  if (!ctx) {
    return { problem: `context ${context} is not in the kubeconfig` };
  }
  const cluster = config.clusters.find((c) => c.name === ctx.cluster);
  if (!cluster?.server) {
    return { problem: `context ${context} points at cluster ${ctx.cluster || '(none)'}, which has no server` };
  }
  const user = config.users.find((u) => u.name === ctx.user);
  const def = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    clusters: [
      {
        name: cluster.name,
        server: cluster.server,
        skipTLSVerify: cluster.insecureSkipTlsVerify === true,
        ...def('caFile', cluster.certificateAuthority),
        ...def('caData', cluster.certificateAuthorityData),
        ...def('tlsServerName', cluster.tlsServerName),
      },
    ],
    users: [
      {
        name: ctx.user || 'anonymous',
        ...def('token', resolved.token ?? user?.token),
        ...def('certFile', user?.clientCertificate),
        ...def('certData', user?.clientCertificateData),
        ...def('keyFile', user?.clientKey),
        ...def('keyData', user?.clientKeyData),
        ...def('username', user?.username),
        ...def('password', user?.password),
        ...(user?.exec ? { exec: { ...user.exec, command: resolved.execCommand ?? user.exec.command } } : {}),
      },
    ],
    contexts: [{ name: ctx.name, cluster: cluster.name, user: ctx.user || 'anonymous', ...def('namespace', ctx.namespace) }],
    currentContext: ctx.name,
  };
}
