import { backoffMs } from '../../core/kubernetes/port-forward';

/** The part of client-node's informer (list + watch + cache) a ResourceWatch drives; a fake in unit tests. */
export interface InformerLike<T> {
  on(verb: 'add' | 'update' | 'delete', cb: (obj: T) => void): void;
  on(verb: 'error' | 'connect', cb: (err?: unknown) => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  list(namespace?: string): T[];
  /** A paged list reports each page but the last: the first render need not wait for the whole list. */
  onProgress?(cb: (p: ListProgress) => void): void;
  /** The whole list arrived; the watch after it may still be connecting. */
  onListed?(cb: () => void): void;
}

/** How far the first list has got: `estimate` from the server's remainingItemCount, when it gives one. */
export interface ListProgress {
  listed: number;
  estimate?: number;
}

export type WatchState = { kind: 'syncing' } | ({ kind: 'partial' } & ListProgress) | { kind: 'synced' } | { kind: 'error'; message: string; retryInMs: number };

export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = { setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

/**
 * A live list of one resource kind: the informer keeps it current incrementally; on an error (the
 * API server went away, credentials expired) it restarts with exponential backoff and resumes.
 * Change notifications are coalesced so a burst of pod updates refreshes the tree once.
 */
export class ResourceWatch<T> {
  private listeners = new Set<() => void>();
  private current: WatchState = { kind: 'syncing' };
  private attempt = 0;
  private retryTimer: unknown;
  private pending: unknown;
  private started = false;
  private disposed = false;

  constructor(
    private readonly informer: InformerLike<T>,
    private readonly describe: (err: unknown) => string = (e) => (e instanceof Error ? e.message : String(e)),
    private readonly timers: Timers = realTimers,
    private readonly coalesceMs = 100,
  ) {
    const changed = () => this.changed();
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    // client-node fires 'connect' before its list arrives: start() resolving is what means synced.
    informer.on('error', (err) => this.failed(err));
    informer.onProgress?.((p) => this.progressed(p));
    // Synced as soon as the list is complete: the first render never waits for the watch's connection.
    informer.onListed?.(() => this.listed());
  }

  get state(): WatchState {
    return this.current;
  }

  items(): T[] {
    return this.informer.list();
  }

  /** Starts the informer once; resolves when the first list arrived (or failed: see state). */
  async start(): Promise<void> {
    if (this.started || this.disposed) {
      return;
    }
    this.started = true;
    await this.run();
  }

  /** Resolves once the first page (or the whole list) has arrived, or listing failed (state tells which). */
  ready(): Promise<void> {
    if (this.current.kind !== 'syncing') {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const off = this.onChange(() => {
        if (this.current.kind !== 'syncing') {
          off();
          resolve();
        }
      });
    });
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private async run(): Promise<void> {
    try {
      await this.informer.start();
      if (!this.disposed) {
        this.attempt = 0;
        if (this.current.kind !== 'synced') {
          this.setState({ kind: 'synced' });
        }
      }
    } catch (err) {
      this.failed(err);
    }
  }

  private listed(): void {
    if (!this.disposed && (this.current.kind === 'syncing' || this.current.kind === 'partial')) {
      this.setState({ kind: 'synced' });
    }
  }

  /** The first page shows at once; later pages refresh like any other change (coalesced). */
  private progressed(p: ListProgress): void {
    if (this.disposed) {
      return;
    }
    if (this.current.kind === 'syncing') {
      this.setState({ kind: 'partial', ...p });
    } else if (this.current.kind === 'partial') {
      this.current = { kind: 'partial', ...p };
      this.changed();
    }
  }

  private failed(err: unknown): void {
    if (this.disposed || this.retryTimer !== undefined) {
      return;
    }
    const retryInMs = backoffMs(this.attempt++);
    this.setState({ kind: 'error', message: this.describe(err), retryInMs });
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.disposed) {
        this.setState({ kind: 'syncing' });
        void this.run();
      }
    }, retryInMs);
  }

  private setState(s: WatchState): void {
    this.current = s;
    this.fire();
  }

  private changed(): void {
    if (this.pending !== undefined || this.disposed) {
      return;
    }
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      this.fire();
    }, this.coalesceMs);
  }

  private fire(): void {
    for (const l of [...this.listeners]) {
      l();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    if (this.retryTimer !== undefined) {
      this.timers.clearTimeout(this.retryTimer);
    }
    if (this.pending !== undefined) {
      this.timers.clearTimeout(this.pending);
    }
    void this.informer.stop().catch(() => undefined);
  }
}
