import type { InformerLike, ListProgress } from './resource-watch';

/** One page of a list; `continue` names the next page of the same snapshot. */
export interface ListPage<T> {
  items: T[];
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

/** Where a paged informer lists and watches one kind; client.ts binds it to the API server, unit tests to a fake. */
export interface PagedSource<T> {
  list(limit: number, continueToken: string | undefined): Promise<ListPage<T>>;
  /** Watches from `resourceVersion`; calls `done` once when the watch ends (null: closed cleanly). Resolves to a stop function. */
  watch(resourceVersion: string, onEvent: (type: string, object: T) => void, done: (err: unknown) => void): Promise<() => void>;
}

type Meta = { metadata?: { name?: string; namespace?: string; resourceVersion?: string; managedFields?: unknown } };
type Listener = (x?: unknown) => void;

const keyOf = (o: Meta) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/** The API server's "410 Gone": the resourceVersion or continue token is too old, list again. */
export function isGone(err: unknown): boolean {
  const e = err as { statusCode?: number; status?: number; code?: number } | null | undefined;
  return e?.statusCode === 410 || e?.status === 410 || e?.code === 410;
}

/**
 * An informer that lists page by page (one snapshot, `limit` + `continue`) and reports each page as it
 * arrives, then watches from the list's resourceVersion. A clean end of the watch resumes it, a 410
 * Gone lists again; other failures reject start() or fire 'error' so the ResourceWatch backs off
 * and calls start() again, which resumes the watch from the last resourceVersion seen.
 */
export class PagedInformer<T extends Meta> implements InformerLike<T> {
  private objects = new Map<string, T>();
  private resourceVersion = '';
  private listedOnce = false;
  private generation = 0;
  private currentWatch: object | undefined;
  private stopWatch: (() => void) | undefined;
  private readonly listeners: Record<string, Listener[]> = { add: [], update: [], delete: [], error: [], connect: [], progress: [], listed: [] };

  /**
   * The first page is `pageSize` items (what the first render waits for); each later page doubles, up
   * to `maxPageSize`: fewer round trips for the rest, and no single parse that blocks for long.
   */
  constructor(
    private readonly source: PagedSource<T>,
    private readonly pageSize = 500,
    private readonly maxPageSize = 2000,
  ) {}

  on(verb: 'add' | 'update' | 'delete', cb: (obj: T) => void): void;
  on(verb: 'error' | 'connect', cb: (err?: unknown) => void): void;
  on(verb: string, cb: (x: never) => void): void {
    this.listeners[verb]?.push(cb as Listener);
  }

  /** Every page of a list arrived (the watch that follows may still be connecting). */
  onListed(cb: () => void): void {
    this.listeners.listed!.push(cb);
  }

  onProgress(cb: (p: ListProgress) => void): void {
    this.listeners.progress!.push(cb as Listener);
  }

  list(namespace?: string): T[] {
    const all = [...this.objects.values()];
    return namespace ? all.filter((o) => o.metadata?.namespace === namespace) : all;
  }

  async start(): Promise<void> {
    const gen = ++this.generation;
    this.endWatch();
    if (!this.resourceVersion) {
      await this.listAll(gen);
    }
    if (gen === this.generation) {
      await this.startWatch(gen);
    }
  }

  stop(): Promise<void> {
    this.generation++;
    this.endWatch();
    return Promise.resolve();
  }

  private emit(verb: string, x?: unknown): void {
    for (const cb of this.listeners[verb] ?? []) {
      cb(x);
    }
  }

  private endWatch(): void {
    this.currentWatch = undefined;
    const stop = this.stopWatch;
    this.stopWatch = undefined;
    stop?.();
  }

  private async listAll(gen: number): Promise<void> {
    const seen = new Set<string>();
    const reportProgress = !this.listedOnce;
    let token: string | undefined;
    let resourceVersion = '';
    let limit = this.pageSize;
    do {
      const page = await this.source.list(limit, token);
      limit = Math.max(limit, Math.min(limit * 2, this.maxPageSize));
      if (gen !== this.generation) {
        return;
      }
      for (const o of page.items) {
        seen.add(keyOf(o));
        this.upsert(o);
      }
      token = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? '';
      if (token && reportProgress) {
        const remaining = page.metadata?.remainingItemCount;
        this.emit('progress', { listed: seen.size, ...(typeof remaining === 'number' ? { estimate: seen.size + remaining } : {}) } satisfies ListProgress);
      }
    } while (token);
    for (const [key, o] of [...this.objects]) {
      if (!seen.has(key)) {
        this.objects.delete(key);
        this.emit('delete', o);
      }
    }
    this.resourceVersion = resourceVersion;
    this.listedOnce = true;
    this.emit('listed');
  }

  private upsert(o: T): void {
    // Server-side apply bookkeeping is most of a small object's size and nothing here reads it (kubectl hides it too).
    delete o.metadata?.managedFields;
    const key = keyOf(o);
    const old = this.objects.get(key);
    this.objects.set(key, o);
    if (!old) {
      this.emit('add', o);
    } else if (old.metadata?.resourceVersion === undefined || old.metadata.resourceVersion !== o.metadata?.resourceVersion) {
      this.emit('update', o);
    }
  }

  private async startWatch(gen: number): Promise<void> {
    const token = {};
    this.currentWatch = token;
    let starting = true;
    let failedWhileStarting: { err: unknown } | undefined;
    const stop = await this.source.watch(
      this.resourceVersion,
      (type, object) => {
        if (this.currentWatch === token) {
          this.event(type, object);
        }
      },
      (err) => {
        if (this.currentWatch !== token || gen !== this.generation) {
          return;
        }
        if (starting && err && !isGone(err)) {
          failedWhileStarting = { err };
          return;
        }
        this.watchEnded(gen, err);
      },
    );
    starting = false;
    if (this.currentWatch !== token) {
      stop();
      return;
    }
    this.stopWatch = stop;
    if (failedWhileStarting) {
      this.currentWatch = undefined;
      throw failedWhileStarting.err;
    }
  }

  private event(type: string, object: T): void {
    switch (type) {
      case 'ADDED':
      case 'MODIFIED':
        this.upsert(object);
        break;
      case 'DELETED': {
        const key = keyOf(object);
        const old = this.objects.get(key);
        if (old) {
          this.objects.delete(key);
          this.emit('delete', old);
        }
        break;
      }
      case 'ERROR':
        if (isGone(object)) {
          this.resourceVersion = '';
        }
        return;
    }
    const rv = object.metadata?.resourceVersion;
    if (rv) {
      this.resourceVersion = rv;
    }
  }

  /** A clean end resumes the watch (or lists again after a 410); a failure is the ResourceWatch's to retry. */
  private watchEnded(gen: number, err: unknown): void {
    this.currentWatch = undefined;
    this.stopWatch = undefined;
    if (err && !isGone(err)) {
      this.emit('error', err);
      return;
    }
    if (isGone(err)) {
      this.resourceVersion = '';
    }
    const resume = async () => {
      if (!this.resourceVersion) {
        await this.listAll(gen);
      }
      if (gen === this.generation) {
        await this.startWatch(gen);
      }
    };
    resume().catch((e: unknown) => {
      if (gen === this.generation) {
        this.emit('error', e);
      }
    });
  }
}
