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
