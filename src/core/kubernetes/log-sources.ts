import { nameOf, type Pod } from './objects';
import { sourceKey } from './log-merge';

/** One pod as the merged log view needs it. */
export interface PodLogSnapshot {
  name: string;
  uid: string;
  /** Succeeded and Failed pods have no more lines to come once their streams end. */
  finished: boolean;
  phase: string;
  containers: { name: string; waiting?: string }[];
}

export function podLogSnapshot(pod: Pod): PodLogSnapshot {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  const phase = pod.status?.phase ?? 'Unknown';
  return {
    name: nameOf(pod),
    uid: pod.metadata?.uid ?? nameOf(pod),
    finished: phase === 'Succeeded' || phase === 'Failed',
    phase,
    containers: (pod.spec?.containers ?? []).map((c) => {
      const s = statuses.get(c.name);
      // No status yet, or waiting before the first start: the log endpoint has nothing to serve.
      const neverStarted = !s || (s.state?.waiting !== undefined && s.restartCount === 0 && !s.state.running && !s.state.terminated);
      const waiting = neverStarted && !(phase === 'Succeeded' || phase === 'Failed') ? s?.state?.waiting?.reason ?? (phase === 'Pending' ? 'pod Pending' : 'not started') : undefined;
      return { name: c.name, ...(waiting ? { waiting } : {}) };
    }),
  };
}

export interface SourceRef {
  key: string;
  pod: string;
  container: string;
}

/** Every pod's containers (or only `container`), ordered by pod name, then as declared. */
export function wantedSources(pods: readonly PodLogSnapshot[], container?: string): SourceRef[] {
  return [...pods]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((p) => p.containers.filter((c) => container === undefined || c.name === container).map((c) => ({ key: sourceKey(p.name, c.name), pod: p.name, container: c.name })));
}

/** Which sources may start now: the first ones in order while fewer than `cap` streams are open. */
export function admitSources(candidates: readonly SourceRef[], open: number, cap: number): { start: SourceRef[]; overCap: number } {
  const free = Math.max(0, cap - open);
  return { start: candidates.slice(0, free), overCap: Math.max(0, candidates.length - free) };
}

export type LogFailure =
  | { kind: 'waiting'; text: string }
  | { kind: 'forbidden'; text: string }
  | { kind: 'gone'; text: string }
  | { kind: 'connection'; text: string }
  | { kind: 'rejected'; text: string };

/** What a failed log request means for the view; `status` is the HTTP status, if one came back. */
export function classifyLogFailure(status: number | undefined, message: string): LogFailure {
  if (status === undefined || status >= 500 || status === 429) {
    return { kind: 'connection', text: `connection lost (${message})` };
  }
  if (status === 401 || status === 403) {
    return { kind: 'forbidden', text: `not allowed to read logs: ${message}` };
  }
  if (status === 404) {
    return { kind: 'gone', text: `not found: ${message}` };
  }
  if (status === 400 && /waiting to start|ContainerCreating|PodInitializing|is not available|has not started/i.test(message)) {
    return { kind: 'waiting', text: `no logs yet: ${message}` };
  }
  return { kind: 'rejected', text: `the API server refused the log request: ${message}` };
}

/** The line for a pod/workload watch that failed and is retrying; `message` is like "HTTP 403: …" or a socket error. */
export function watchProblemText(message: string, retryInMs: number): string {
  const status = /^HTTP (\d{3})\b/.exec(message)?.[1];
  const what = status === '401' ? 'The cluster rejected the credentials' : status === '403' ? 'Not allowed to watch the pods' : 'Cannot reach the cluster';
  return `${what}: ${message}; retrying in ${Math.ceil(retryInMs / 1000)} s`;
}
