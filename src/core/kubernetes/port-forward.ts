/** Ports ML users forward most, by container port, for naming forwards and suggesting local ports. */
export const wellKnownPorts: Readonly<Record<number, string>> = {
  8888: 'Jupyter',
  6006: 'TensorBoard',
  8265: 'Ray dashboard',
  5000: 'MLflow',
  8000: 'vLLM / model server',
  8001: 'Triton (gRPC)',
  8080: 'HTTP',
};

export type ForwardTarget =
  | { kind: 'pod'; namespace: string; name: string }
  | { kind: 'Deployment' | 'StatefulSet' | 'Service'; namespace: string; name: string };

export type ForwardState =
  | { kind: 'starting' }
  | { kind: 'connected'; pod: string }
  | { kind: 'reconnecting'; reason: string; attempt: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' };

export interface ForwardView {
  id: string;
  label: string;
  description: string;
  state: ForwardState['kind'];
}

export function targetText(t: ForwardTarget): string {
  return `${t.kind === 'pod' ? 'pod' : t.kind.toLowerCase()}/${t.name}`;
}

export function forwardView(id: string, target: ForwardTarget, remotePort: number, localPort: number | undefined, state: ForwardState): ForwardView {
  const name = wellKnownPorts[remotePort];
  const stateText =
    state.kind === 'connected'
      ? `connected via ${state.pod}`
      : state.kind === 'reconnecting'
        ? `reconnecting (${state.reason})`
        : state.kind === 'failed'
          ? `failed: ${state.reason}`
          : state.kind;
  return {
    id,
    label: `127.0.0.1:${localPort ?? '…'} → ${targetText(target)}:${remotePort}${name ? ` (${name})` : ''}`,
    description: `${target.namespace} · ${stateText}`,
    state: state.kind,
  };
}

/** Exponential backoff with a cap, for watches and forward re-resolution. */
export function backoffMs(attempt: number, baseMs = 500, capMs = 30_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
}

export interface PortChoice {
  port: number;
  label: string;
  detail?: string;
}

/** The ports a user may forward: every declared TCP container port, named, well-known ones first. */
export function portChoices(containers: readonly { name: string; ports?: { name?: string; containerPort: number; protocol?: string }[] }[]): PortChoice[] {
  const out: PortChoice[] = [];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP' || out.some((x) => x.port === p.containerPort)) {
        continue;
      }
      const known = wellKnownPorts[p.containerPort];
      out.push({ port: p.containerPort, label: `${p.containerPort}${known ? ` · ${known}` : ''}`, detail: `container ${c.name}${p.name ? `, port ${p.name}` : ''}` });
    }
  }
  return out.sort((a, b) => Number(b.port in wellKnownPorts) - Number(a.port in wellKnownPorts) || a.port - b.port);
}

/** A local port typed by the user: empty means any free port; otherwise 1-65535. */
export function parseLocalPort(text: string): { ok: true; port: number } | { ok: false; problem: string } {
  const t = text.trim();
  if (t === '' || t === 'auto') {
    return { ok: true, port: 0 };
  }
  const n = Number(t);
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? { ok: true, port: n } : { ok: false, problem: 'Enter a port from 1 to 65535, or leave empty for any free port.' };
}

export function parseReplicas(text: string): { ok: true; replicas: number } | { ok: false; problem: string } {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= 10_000 ? { ok: true, replicas: n } : { ok: false, problem: 'Enter a whole number of replicas (0 or more).' };
}
