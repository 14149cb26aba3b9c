import { Writable } from 'node:stream';
import { LogMerger } from '../../core/kubernetes/log-merge';
import { toLogQuery, type LogPreferences } from '../../core/kubernetes/log-options';
import { admitSources, classifyLogFailure, podLogSnapshot, wantedSources, watchProblemText, type PodLogSnapshot, type SourceRef } from '../../core/kubernetes/log-sources';
import { nameOf, type Pod, type Workload } from '../../core/kubernetes/objects';
import { backoffMs } from '../../core/kubernetes/port-forward';
import { ownedPods, type WorkloadKind } from '../../core/kubernetes/resource-tree';
import type { ClusterClient, LogOptions } from './cluster-client';
import { ApiError } from './raw-api';
import type { ResourceWatch } from './resource-watch';

/** A pod (one container, or all of them) or a workload whose pods' logs are followed together. */
export interface LogTarget {
  namespace: string;
  kind: 'Pod' | WorkloadKind;
  name: string;
  container?: string;
}

export interface MergedLogsOptions {
  /** Streams open at once; further containers wait for a free slot. */
  maxStreams?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

export const defaultMaxStreams = 20;

interface Source {
  ref: SourceRef;
  status: 'pending' | 'waiting' | 'streaming' | 'retrying' | 'ended' | 'failed';
  attempt: number;
  abort?: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  lastNotice?: string;
}

const holdsSlot = (s: Source) => s.status === 'streaming' || s.status === 'retrying';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Follows the logs of every container of a pod or of a workload's pods, merged into one text stream.
 * The pod watch says which pods exist: new ones join, deleted ones are marked ended. A stream that
 * drops reconnects with backoff and resumes after the last line shown; what cannot be read (no logs
 * yet, forbidden, unreachable cluster) becomes a line of text, never an exception.
 */
export class MergedLogs {
  private readonly merger: LogMerger;
  private readonly sources = new Map<string, Source>();
  private pods = new Map<string, PodLogSnapshot>();
  private readonly endedPods = new Set<string>();
  private readonly offs: (() => void)[] = [];
  private readonly watches: { pods: ResourceWatch<Pod>; owner?: ResourceWatch<Workload>; parents?: ResourceWatch<Workload> };
  private readonly maxStreams: number;
  private disposed = false;
  private first = true;
  private overCap = 0;
  private watchProblem: string | undefined;
  private missing = false;

  constructor(
    private readonly client: ClusterClient,
    private readonly target: LogTarget,
    private readonly preferences: LogPreferences,
    private readonly emit: (text: string) => void,
    private readonly options: MergedLogsOptions = {},
  ) {
    this.maxStreams = options.maxStreams ?? defaultMaxStreams;
    this.merger = new LogMerger({ timestamps: preferences.timestamps, prefixed: !(target.kind === 'Pod' && target.container) });
    const ns = target.namespace;
    const kind = target.kind;
    this.watches = {
      pods: client.watch('Pod', ns),
      ...(kind !== 'Pod' ? { owner: client.watch(kind, ns) } : {}),
      ...(kind === 'Deployment' ? { parents: client.watch('ReplicaSet', ns) } : kind === 'CronJob' ? { parents: client.watch('Job', ns) } : {}),
    };
  }

  start(): void {
    for (const w of this.allWatches()) {
      this.offs.push(w.onChange(() => this.refresh()));
    }
    this.refresh();
  }

  /** Sources streaming or about to reconnect, for tests and the status line. */
  openStreams(): number {
    return [...this.sources.values()].filter(holdsSlot).length;
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.offs.splice(0)) {
      off();
    }
    for (const s of this.sources.values()) {
      this.stop(s);
    }
  }

  private allWatches(): ResourceWatch<unknown>[] {
    const { pods, owner, parents } = this.watches;
    return [pods, owner, parents].filter((w): w is ResourceWatch<Pod> | ResourceWatch<Workload> => w !== undefined);
  }

  private notice(text: string, key?: string): void {
    this.emit(this.merger.notice(text, key));
  }

  /** The target's pods now, or undefined while its workload does not exist. */
  private currentPods(): Pod[] | undefined {
    const { pods, owner, parents } = this.watches;
    const t = this.target;
    if (t.kind === 'Pod') {
      const found = pods.items().filter((p) => nameOf(p) === t.name);
      return found.length > 0 ? found : undefined;
    }
    const workload = owner?.items().find((w) => nameOf(w) === t.name);
    if (!workload) {
      return undefined;
    }
    const extra = t.kind === 'Deployment' ? { replicaSets: parents?.items() ?? [] } : t.kind === 'CronJob' ? { jobs: parents?.items() ?? [] } : {};
    return ownedPods(t.kind, workload, pods.items(), extra);
  }

  private refresh(): void {
    if (this.disposed) {
      return;
    }
    const states = this.allWatches().map((w) => w.state);
    const failing = states.find((s) => s.kind === 'error');
    if (failing?.kind === 'error') {
      if (this.watchProblem !== failing.message) {
        this.watchProblem = failing.message;
        this.notice(watchProblemText(failing.message, failing.retryInMs));
      }
      return;
    }
    if (states.some((s) => s.kind !== 'synced')) {
      return;
    }
    if (this.watchProblem !== undefined) {
      this.watchProblem = undefined;
      this.notice('Connected to the cluster again.');
    }
    const pods = this.currentPods();
    if (!pods) {
      // Deleted (or not there yet): its pods' streams end with it.
      this.updatePods(new Map());
      if (!this.missing) {
        this.notice(`${this.target.kind} ${this.target.namespace}/${this.target.name} does not exist; waiting for it to appear.`);
      }
      this.missing = true;
      return;
    }
    this.missing = false;
    if (this.first && pods.length === 0) {
      this.notice('No pods yet; waiting for them.');
    }
    this.updatePods(new Map(pods.map((p) => [nameOf(p), podLogSnapshot(p)])));
  }

  private updatePods(next: Map<string, PodLogSnapshot>): void {
    for (const [name, before] of this.pods) {
      const now = next.get(name);
      if (!now || now.uid !== before.uid) {
        this.podEnded(before, 'ended');
      }
    }
    for (const [name, now] of next) {
      if (!this.first && this.pods.get(name)?.uid !== now.uid) {
        this.notice(`— pod ${name} joined —`);
      }
    }
    this.first = false;
    this.pods = next;
    for (const ref of wantedSources([...next.values()], this.target.container)) {
      if (!this.sources.has(ref.key)) {
        this.merger.add(ref.pod, ref.container);
        this.sources.set(ref.key, { ref, status: 'pending', attempt: 0 });
      }
    }
    for (const pod of next.values()) {
      this.markIfFinished(pod.name);
    }
    this.schedule();
  }

  private podEnded(pod: PodLogSnapshot, how: string): void {
    for (const s of [...this.sources.values()].filter((x) => x.ref.pod === pod.name)) {
      this.stop(s);
      this.emit(this.merger.end(s.ref.key));
      this.merger.remove(s.ref.key);
      this.sources.delete(s.ref.key);
    }
    if (!this.endedPods.has(pod.uid)) {
      this.endedPods.add(pod.uid);
      this.notice(`— pod ${pod.name} ${how} —`);
    }
  }

  /** A Succeeded or Failed pod whose streams have all ended is marked once. */
  private markIfFinished(podName: string): void {
    const pod = this.pods.get(podName);
    const mine = [...this.sources.values()].filter((s) => s.ref.pod === podName);
    if (pod?.finished && mine.length > 0 && mine.every((s) => s.status === 'ended' || s.status === 'failed') && !this.endedPods.has(pod.uid)) {
      this.endedPods.add(pod.uid);
      this.notice(`— pod ${podName} ended (${pod.phase}) —`);
    }
  }

  private schedule(): void {
    const ready: Source[] = [];
    for (const s of this.sources.values()) {
      if (s.status !== 'pending' && s.status !== 'waiting') {
        continue;
      }
      const waiting = this.pods.get(s.ref.pod)?.containers.find((c) => c.name === s.ref.container)?.waiting;
      if (waiting) {
        s.status = 'waiting';
        this.noticeOnce(s, `waiting to start (${waiting})`);
      } else {
        ready.push(s);
      }
    }
    const open = [...this.sources.values()].filter(holdsSlot).length;
    const { start, overCap } = admitSources(
      ready.map((s) => s.ref),
      open,
      this.maxStreams,
    );
    for (const ref of start) {
      this.open(this.sources.get(ref.key)!);
    }
    if (overCap > 0 && this.overCap === 0) {
      this.notice(`At most ${this.maxStreams} log streams at once: ${plural(overCap, 'more container')} wait${overCap === 1 ? 's' : ''} for a free slot.`);
    }
    this.overCap = overCap;
  }

  private noticeOnce(s: Source, text: string): void {
    if (s.lastNotice !== text) {
      s.lastNotice = text;
      this.notice(text, s.ref.key);
    }
  }

  private open(s: Source): void {
    const abort = new AbortController();
    s.status = 'streaming';
    s.abort = abort;
    const key = s.ref.key;
    const last = this.merger.lastTimestamp(key);
    // Timestamps always: they are what a reconnect resumes from (shown only when asked for).
    const query: LogOptions = last ? { follow: true, timestamps: true, sinceTime: last } : { ...toLogQuery(this.preferences), follow: true, timestamps: true };
    if (last) {
      this.merger.resume(key);
    }
    const out = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        if (!abort.signal.aborted) {
          s.attempt = 0;
          s.lastNotice = undefined;
          const text = this.merger.write(key, chunk);
          if (text) {
            this.emit(text);
          }
        }
        cb();
      },
    });
    const { namespace } = this.target;
    this.client.logs(namespace, s.ref.pod, s.ref.container, out, query, abort.signal).then(
      () => this.streamEnded(s, abort, undefined),
      (err: unknown) => this.streamEnded(s, abort, err ?? new Error('the log request failed')),
    );
  }

  private streamEnded(s: Source, abort: AbortController, err: unknown): void {
    if (this.disposed || abort.signal.aborted || this.sources.get(s.ref.key) !== s) {
      return;
    }
    s.abort = undefined;
    this.emit(this.merger.end(s.ref.key));
    const pod = this.pods.get(s.ref.pod);
    if (err === undefined) {
      if (!pod || pod.finished) {
        s.status = 'ended';
        this.markIfFinished(s.ref.pod);
        this.schedule();
      } else {
        // The pod runs on: its container restarted, or the server closed the stream. Resume quietly.
        this.retry(s);
      }
      return;
    }
    const message = err instanceof Error ? err.message : 'the log request failed';
    const failure = classifyLogFailure(err instanceof ApiError ? err.status : undefined, message);
    if (failure.kind === 'forbidden' || failure.kind === 'rejected') {
      s.status = 'failed';
      this.noticeOnce(s, failure.text);
      this.markIfFinished(s.ref.pod);
      this.schedule();
      return;
    }
    const delay = this.retry(s);
    if (failure.kind === 'connection') {
      this.noticeOnce(s, `${failure.text}; reconnecting in ${Math.ceil(delay / 1000)} s`);
    } else if (failure.kind === 'waiting') {
      this.noticeOnce(s, failure.text);
    }
    // 'gone': the pod watch is about to say the pod ended; until then, retry quietly.
  }

  private retry(s: Source): number {
    const delay = backoffMs(s.attempt++, this.options.backoffBaseMs ?? 1000, this.options.backoffCapMs ?? 30_000);
    s.status = 'retrying';
    s.timer = setTimeout(() => {
      s.timer = undefined;
      if (!this.disposed && s.status === 'retrying' && this.sources.get(s.ref.key) === s) {
        this.open(s);
      }
    }, delay);
    return delay;
  }

  private stop(s: Source): void {
    s.abort?.abort();
    s.abort = undefined;
    if (s.timer !== undefined) {
      clearTimeout(s.timer);
      s.timer = undefined;
    }
    if (holdsSlot(s)) {
      s.status = 'ended';
    }
  }
}
