import * as net from 'node:net';
import { backoffMs, type ForwardState, type ForwardTarget } from '../../core/kubernetes/port-forward';
import { SpareTunnels } from '../../core/kubernetes/port-forward-spares';
import type { ClusterClient, Tunnel } from './cluster-client';
import { SpareEnd } from './port-forward-spare-end';
import type { ResolvedTarget } from './resolve-target';

export interface ForwardSpec {
  target: ForwardTarget;
  remotePort: number;
  /** 0 or undefined: any free port. */
  localPort?: number;
  /** 127.0.0.1 unless the user chose otherwise. */
  address?: string;
}

export interface ForwardDeps {
  resolve(target: ForwardTarget, port: number): Promise<ResolvedTarget | undefined>;
  tunnel: ClusterClient['tunnel'];
  watchPodGone: ClusterClient['watchPodGone'];
  log?: (message: string) => void;
}

export interface ForwardOptions {
  /** Attempts to find a ready pod before the forward is marked failed (a new connection tries again). */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Tunnels kept open ahead of the next local connections (0: open one per connection on accept). */
  spareTunnels?: number;
  /** A spare unused this long is closed; the next accepted connection opens the pool again. */
  spareIdleMs?: number;
  /** false: one websocket per connection even where the API server carries SPDY streams over one. */
  multiplex?: boolean;
}

/**
 * One local listener on 127.0.0.1 forwarding every accepted connection to a ready pod: as a stream
 * pair of the pod's one multiplexed SPDY session where the API server offers it (as kubectl does),
 * else through a websocket of its own, taken from a few opened ahead so a connection starts without
 * waiting for TLS, upgrade and the kubelet's dial. When the pod goes away the listener stays; the
 * forward re-resolves a ready pod behind the same target (Deployment, StatefulSet, Service) and carries on.
 */
export class PortForward {
  // Half-open: a client's FIN goes on as the stream's FIN and the pod's answer still comes back (the
  // per-connection websocket cannot carry a FIN and closes, as before).
  private server = net.createServer({ noDelay: true, allowHalfOpen: true }, (s) => void this.accept(s));
  private sockets = new Set<net.Socket>();
  private current: ResolvedTarget | undefined;
  private resolving: Promise<ResolvedTarget | undefined> | undefined;
  private unwatch: (() => void) | undefined;
  private listeners = new Set<(s: ForwardState) => void>();
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly spares: SpareTunnels<SpareEnd>;
  private sweep: NodeJS.Timeout | undefined;
  /** Per pod, whether its tunnels turned out multiplexed; unknown until the first one opened. */
  private readonly multiplexed = new Map<string, boolean>();
  private readonly tunnelOptions: { multiplex: boolean; log: (message: string) => void };
  state: ForwardState = { kind: 'starting' };
  localPort: number | undefined;

  constructor(
    readonly id: string,
    readonly spec: ForwardSpec,
    private readonly deps: ForwardDeps,
    private readonly options: ForwardOptions = {},
  ) {
    this.spares = new SpareTunnels(options.spareTunnels ?? 4);
    this.tunnelOptions = { multiplex: options.multiplex !== false, log: (message) => deps.log?.(`port-forward ${id}: ${message}`) };
  }

  onDidChange(cb: (s: ForwardState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Listens, then finds the first pod; resolves with the local port once listening. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.spec.localPort ?? 0, this.spec.address ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.localPort = (this.server.address() as net.AddressInfo).port;
    // Report after the first attempt (connected, or reconnecting while no pod is ready yet).
    const first = new Promise<void>((resolve) => {
      const off = this.onDidChange(() => {
        off();
        resolve();
      });
    });
    void this.ensurePod();
    await first;
    return this.localPort;
  }

  get connections(): number {
    return this.sockets.size;
  }

  private setState(s: ForwardState): void {
    if (this.stopped && s.kind !== 'stopped') {
      return;
    }
    this.state = s;
    for (const l of [...this.listeners]) {
      l(s);
    }
  }

  /** The pod to use now, finding one (with backoff) when the last one went away. */
  private ensurePod(): Promise<ResolvedTarget | undefined> {
    if (this.current) {
      return Promise.resolve(this.current);
    }
    this.resolving ??= this.findPod().finally(() => (this.resolving = undefined));
    return this.resolving;
  }

  private async findPod(): Promise<ResolvedTarget | undefined> {
    const max = this.options.maxAttempts ?? 60;
    let why = 'no ready pod yet';
    for (let attempt = 0; attempt < max && !this.stopped; attempt++) {
      try {
        const found = await this.deps.resolve(this.spec.target, this.spec.remotePort);
        if (found && !this.stopped) {
          this.use(found);
          return found;
        }
        why = 'no ready pod yet';
      } catch (err) {
        why = err instanceof Error ? err.message : String(err);
      }
      this.setState({ kind: 'reconnecting', reason: why, attempt: attempt + 1 });
      await this.pause(backoffMs(attempt, this.options.backoffBaseMs ?? 250, this.options.backoffCapMs ?? 5_000));
    }
    if (!this.stopped) {
      this.setState({ kind: 'failed', reason: why });
    }
    return undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private use(found: ResolvedTarget): void {
    this.unwatch?.();
    this.current = found;
    this.deps.log?.(`port-forward ${this.id}: using pod ${found.pod} port ${found.port}`);
    this.unwatch = this.deps.watchPodGone(this.spec.target.namespace, found.pod, (why) => this.lost(found.pod, why));
    this.setState({ kind: 'connected', pod: found.pod });
    this.closeSpares(this.spares.dropAllBut(found.pod));
    this.refill(found);
  }

  /** Opens tunnels until the pool for this pod is full; a spare that closes is not replaced until the next accept. */
  private refill(target: ResolvedTarget): void {
    for (let n = this.sparesWanted(target.pod); n > 0 && !this.stopped; n--) {
      void this.openSpare(target);
    }
  }

  /**
   * A multiplexed session makes a new connection cheap: no spares beyond the one that opened the
   * session ahead of the first connection. Until the first tunnel says which it is, only that one.
   */
  private sparesWanted(pod: string): number {
    const wanted = this.spares.wanted(pod);
    const multiplexed = this.tunnelOptions.multiplex ? this.multiplexed.get(pod) : false;
    if (multiplexed === true) {
      return 0;
    }
    return multiplexed === undefined ? Math.max(0, wanted - (this.spares.size - 1)) : wanted;
  }

  private learn(pod: string, tunnel: Tunnel): void {
    const known = this.multiplexed.get(pod);
    this.multiplexed.set(pod, tunnel.multiplexed === true);
    if (known === undefined && !tunnel.multiplexed && this.current?.pod === pod) {
      this.refill(this.current);
    }
  }

  private async openSpare(target: ResolvedTarget): Promise<void> {
    const end = new SpareEnd();
    this.spares.openStarted(target.pod);
    let tunnel: Tunnel;
    try {
      // The tunnel only needs a duplex stream; a socket is what it is usually given.
      tunnel = await this.deps.tunnel(this.spec.target.namespace, target.pod, target.port, end as unknown as net.Socket, this.tunnelOptions);
    } catch {
      end.destroy();
      return;
    } finally {
      this.spares.openEnded(target.pod);
    }
    if (this.stopped || this.current?.pod !== target.pod || !end.usable) {
      end.destroy();
      return;
    }
    this.spares.add(target.pod, end, Date.now());
    this.learn(target.pod, tunnel);
    end.once('gone', () => {
      this.spares.remove(end);
      end.destroy();
    });
    this.sweepIdleSpares();
  }

  private sweepIdleSpares(): void {
    const idleMs = this.options.spareIdleMs ?? 30_000;
    this.sweep ??= setInterval(() => {
      this.closeSpares(this.spares.dropIdle(Date.now(), idleMs));
      if (this.spares.count === 0) {
        clearInterval(this.sweep);
        this.sweep = undefined;
      }
    }, idleMs / 2).unref();
  }

  private closeSpares(ends: SpareEnd[]): void {
    for (const end of ends) {
      end.destroy();
    }
  }

  /** The pod behind the forward went away: keep listening, look for its replacement. */
  private lost(pod: string, why: string): void {
    if (this.stopped || this.current?.pod !== pod) {
      return;
    }
    this.deps.log?.(`port-forward ${this.id}: pod ${pod} ${why}; finding a replacement`);
    this.unwatch?.();
    this.unwatch = undefined;
    this.current = undefined;
    this.multiplexed.delete(pod);
    this.closeSpares(this.spares.dropAllBut(undefined));
    this.setState({ kind: 'reconnecting', reason: `pod ${pod} ${why}`, attempt: 0 });
    void this.ensurePod();
  }

  private async accept(socket: net.Socket): Promise<void> {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pause();
    const target = await this.ensurePod();
    if (!target || this.stopped || socket.destroyed) {
      socket.destroy();
      return;
    }
    let spare = this.spares.take(target.pod);
    while (spare && !spare.usable) {
      spare.destroy();
      spare = this.spares.take(target.pod);
    }
    this.refill(target);
    if (spare) {
      spare.attach(socket);
      return;
    }
    let tunnel: Tunnel;
    try {
      tunnel = await this.deps.tunnel(this.spec.target.namespace, target.pod, target.port, socket, this.tunnelOptions);
    } catch (err) {
      socket.destroy();
      this.lost(target.pod, `refused the tunnel (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    this.learn(target.pod, tunnel);
    socket.resume();
    await tunnel.closed;
  }

  async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.wake?.();
    this.unwatch?.();
    clearInterval(this.sweep);
    this.closeSpares(this.spares.dropAllBut(undefined));
    for (const s of this.sockets) {
      s.destroy();
    }
    await new Promise<void>((r) => this.server.close(() => r()));
    this.setState({ kind: 'stopped' });
    this.listeners.clear();
  }
}

/** Every forward of the session; stop one or all; everything closes on dispose. */
export class PortForwardManager {
  private forwards = new Map<string, PortForward>();
  private next = 1;
  private listeners = new Set<() => void>();

  constructor(private readonly options: ForwardOptions = {}) {}

  async start(spec: ForwardSpec, deps: ForwardDeps): Promise<PortForward> {
    const f = new PortForward(String(this.next++), spec, deps, this.options);
    f.onDidChange(() => this.fire());
    this.forwards.set(f.id, f);
    try {
      await f.start();
    } catch (err) {
      this.forwards.delete(f.id);
      await f.stop();
      throw err;
    }
    this.fire();
    return f;
  }

  list(): PortForward[] {
    return [...this.forwards.values()];
  }

  async stop(id: string): Promise<void> {
    const f = this.forwards.get(id);
    this.forwards.delete(id);
    await f?.stop();
    this.fire();
  }

  async stopAll(): Promise<void> {
    const all = this.list();
    this.forwards.clear();
    await Promise.all(all.map((f) => f.stop()));
    this.fire();
  }

  onDidChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private fire(): void {
    for (const l of [...this.listeners]) {
      l();
    }
  }

  dispose(): void {
    void this.stopAll();
    this.listeners.clear();
  }
}
