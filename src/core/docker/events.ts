import type { EngineEvent } from './engine-json';

export type ExplorerView = 'images' | 'containers';

// exec_*, attach, resize, top, archive-path… happen on every shell or log session: refreshing on them would be a storm.
const containerActions = new Set(['create', 'start', 'die', 'stop', 'kill', 'destroy', 'pause', 'unpause', 'rename', 'restart', 'update', 'oom']);
const imageActions = new Set(['pull', 'push', 'tag', 'untag', 'delete', 'import', 'load', 'prune', 'build']);

/** Which explorer views an engine event changes. */
export function viewsAffectedBy(event: EngineEvent): ExplorerView[] {
  const type = event.Type ?? '';
  const action = event.Action ?? event.status ?? '';
  if (type === 'container') {
    if (action.startsWith('health_status')) {
      return ['containers'];
    }
    if (action === 'destroy' || action === 'create') {
      // Image nodes show how many containers use them.
      return ['containers', 'images'];
    }
    return containerActions.has(action) ? ['containers'] : [];
  }
  if (type === 'image') {
    return imageActions.has(action) ? ['images'] : [];
  }
  return [];
}

/** Splits the /events byte stream (one JSON object per line) into events; keeps partial lines between chunks. */
export class EventLineParser {
  private pending = '';

  push(chunk: string): EngineEvent[] {
    this.pending += chunk;
    const events: EngineEvent[] = [];
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).trim();
      this.pending = this.pending.slice(nl + 1);
      if (line === '') {
        continue;
      }
      try {
        events.push(JSON.parse(line) as EngineEvent);
      } catch {
        // A line that is not JSON is skipped: the next full refresh corrects anything it missed.
      }
    }
    return events;
  }
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

/**
 * Collects keys and flushes them together once events go quiet for `quietMs`, or at the latest
 * `maxWaitMs` after the first pending key (so a steady event stream still refreshes).
 */
export class KeyedDebouncer<K> {
  private pending = new Set<K>();
  private handle: unknown;
  private firstAt = 0;
  private disposed = false;

  constructor(
    private readonly flush: (keys: ReadonlySet<K>) => void,
    private readonly timers: Timers,
    private readonly quietMs = 500,
    private readonly maxWaitMs = 2000,
  ) {}

  push(key: K): void {
    if (this.disposed) {
      return;
    }
    if (this.pending.size === 0) {
      this.firstAt = this.timers.now();
    }
    this.pending.add(key);
    if (this.handle !== undefined) {
      this.timers.clear(this.handle);
    }
    const waited = this.timers.now() - this.firstAt;
    const delay = Math.max(0, Math.min(this.quietMs, this.maxWaitMs - waited));
    this.handle = this.timers.set(() => this.fire(), delay);
  }

  private fire(): void {
    this.handle = undefined;
    const keys = this.pending;
    this.pending = new Set();
    if (keys.size > 0) {
      this.flush(keys);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.handle !== undefined) {
      this.timers.clear(this.handle);
      this.handle = undefined;
    }
    this.pending.clear();
  }
}

/** Delay before reconnect attempt `attempt` (0-based): 1 s, 2 s, 4 s … capped at `maxMs`. */
export function backoffDelay(attempt: number, baseMs = 1000, maxMs = 30_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
}
