import type { Duplex } from 'node:stream';
import type { Tunnel, TunnelOptions } from './cluster-client';
import { SpdyRefused, type SpdySession } from './spdy-session';

/**
 * A client's multiplexed port-forward sessions, one per pod (its ports share it), opened on first use
 * and closed after a while without connections. When the API server does not tunnel SPDY, every
 * tunnel after that takes the per-connection websocket path instead.
 */
export class ForwardSessions {
  private readonly sessions = new Map<string, Promise<SpdySession>>();
  private readonly idleTimers = new Map<SpdySession, NodeJS.Timeout>();
  private refused = false;
  private disposed = false;

  constructor(
    private readonly open: (namespace: string, pod: string) => Promise<SpdySession>,
    private readonly idleMs = 30_000,
  ) {}

  async tunnel(namespace: string, pod: string, port: number, socket: Duplex, options: TunnelOptions, perConnection: () => Promise<Tunnel>): Promise<Tunnel> {
    if (options.multiplex === false || this.refused || this.disposed) {
      return { ...(await perConnection()), multiplexed: false };
    }
    let session: SpdySession;
    try {
      session = await this.session(namespace, pod, options.log);
    } catch (err) {
      if (!(err instanceof SpdyRefused)) {
        throw err;
      }
      const tunnel = await perConnection();
      this.refused = true;
      options.log?.(`${err.message}: one websocket per connection from now on`);
      return { ...tunnel, multiplexed: false };
    }
    clearTimeout(this.idleTimers.get(session));
    this.idleTimers.delete(session);
    const closed = session.forward(socket, port, (message) => options.log?.(message)).then(() => this.idleCheck(session));
    return { closed, multiplexed: true };
  }

  private session(namespace: string, pod: string, log: ((message: string) => void) | undefined): Promise<SpdySession> {
    const key = `${namespace}/${pod}`;
    const known = this.sessions.get(key);
    if (known) {
      return known.then((s) => (s.usable ? s : this.fresh(key, namespace, pod, log)));
    }
    return this.fresh(key, namespace, pod, log);
  }

  private fresh(key: string, namespace: string, pod: string, log: ((message: string) => void) | undefined): Promise<SpdySession> {
    const opening = this.open(namespace, pod).then((s) => {
      s.onEnd((why) => {
        if (this.sessions.get(key) === opening) {
          this.sessions.delete(key);
        }
        if (s.connectionCount > 0) {
          log?.(`pod ${pod}: ${why}`);
        }
      });
      return s;
    });
    this.sessions.set(key, opening);
    opening.catch(() => {
      if (this.sessions.get(key) === opening) {
        this.sessions.delete(key);
      }
    });
    return opening;
  }

  private idleCheck(session: SpdySession): void {
    if (session.connectionCount > 0 || this.idleTimers.has(session)) {
      return;
    }
    this.idleTimers.set(
      session,
      setTimeout(() => {
        this.idleTimers.delete(session);
        if (session.connectionCount === 0) {
          session.close('idle');
        }
      }, this.idleMs).unref(),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.idleTimers.forEach((t) => clearTimeout(t));
    this.idleTimers.clear();
    for (const s of this.sessions.values()) {
      void s.then((x) => x.close('closed'), () => undefined);
    }
    this.sessions.clear();
  }
}
