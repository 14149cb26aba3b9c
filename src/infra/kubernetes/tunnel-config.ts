import type * as k8s from '@kubernetes/client-node';
import * as https from 'node:https';

type AgentOptions = https.AgentOptions & { cert?: unknown; key?: unknown; ca?: unknown };

/**
 * A view of a KubeConfig whose websocket connections share one https.Agent, so every port-forward tunnel
 * after the first resumes the TLS session instead of a full handshake (client-node builds a new agent per
 * connection). The agent is rebuilt when the client certificate, key or CA change (exec plugins rotate them).
 */
export function tunnelConfig(kc: k8s.KubeConfig): k8s.KubeConfig {
  let shared: { agent: https.Agent; identity: string } | undefined;
  const view = Object.create(kc) as k8s.KubeConfig;
  view.applyToHTTPSOptions = async (opts) => {
    await kc.applyToHTTPSOptions(opts);
    const fresh = (opts as { agent?: unknown }).agent;
    if (!(fresh instanceof https.Agent)) {
      return;
    }
    const o = fresh.options as AgentOptions;
    // By content: client-node reads certificate files again for every connection.
    const identity = JSON.stringify([o.cert, o.key, o.ca, o.rejectUnauthorized, o.servername]);
    if (shared?.identity !== identity) {
      shared?.agent.destroy();
      shared = { agent: new https.Agent({ ...o, keepAlive: false, maxCachedSessions: 32 }), identity };
    }
    fresh.destroy();
    (opts as { agent?: unknown }).agent = shared.agent;
  };
  return view;
}
