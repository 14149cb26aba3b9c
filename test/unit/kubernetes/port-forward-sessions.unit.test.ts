import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Tunnel } from '../../../src/infra/kubernetes/cluster-client';
import { ForwardSessions } from '../../../src/infra/kubernetes/port-forward-sessions';
import { SpdyRefused, type SpdySession } from '../../../src/infra/kubernetes/spdy-session';

/** Stands in for a SPDY session: counts forwarded connections, ends when told. */
class FakeSession {
  usable = true;
  connectionCount = 0;
  closedWith: string | undefined;
  private ends: ((why: string) => void)[] = [];
  private finishers: (() => void)[] = [];

  onEnd(cb: (why: string) => void): void {
    this.ends.push(cb);
  }

  forward(): Promise<void> {
    this.connectionCount++;
    return new Promise((resolve) =>
      this.finishers.push(() => {
        this.connectionCount--;
        resolve();
      }),
    );
  }

  finishAll(): void {
    this.finishers.splice(0).forEach((f) => f());
  }

  close(why: string): void {
    this.closedWith = why;
    this.end(why);
  }

  end(why: string): void {
    this.usable = false;
    this.ends.splice(0).forEach((cb) => cb(why));
  }
}

const perConnection = (): Promise<Tunnel> => Promise.resolve({ closed: Promise.resolve() });

describe('infra/kubernetes/port-forward-sessions', () => {
  it('carries every connection to one pod over one session, and opens another pod its own', async () => {
    const opened: string[] = [];
    const sessions = new ForwardSessions((ns, pod) => {
      opened.push(`${ns}/${pod}`);
      return Promise.resolve(new FakeSession() as unknown as SpdySession);
    });
    const tunnels = await Promise.all([1, 2, 3].map(() => sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, perConnection)));
    await sessions.tunnel('ns', 'b', 8080, new PassThrough(), {}, perConnection);
    assert.deepEqual(opened, ['ns/a', 'ns/b']);
    assert.ok(tunnels.every((t) => t.multiplexed === true));
    sessions.dispose();
  });

  it('opens a new session once the last one ended (pod restarted, API server gone), and logs why', async () => {
    const made: FakeSession[] = [];
    const logs: string[] = [];
    const sessions = new ForwardSessions(() => {
      made.push(new FakeSession());
      return Promise.resolve(made[made.length - 1] as unknown as SpdySession);
    });
    await sessions.tunnel('ns', 'a', 8080, new PassThrough(), { log: (m) => logs.push(m) }, perConnection);
    made[0]?.end('the tunnel closed (1006)');
    assert.deepEqual(logs, ['pod a: the tunnel closed (1006)']);
    await sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, perConnection);
    assert.equal(made.length, 2);
    sessions.dispose();
  });

  it('falls back to one websocket per connection for good when the server refuses the SPDY subprotocol', async () => {
    let attempts = 0;
    const logs: string[] = [];
    const sessions = new ForwardSessions(() => {
      attempts++;
      return Promise.reject(new SpdyRefused('the API server did not accept the SPDY/3.1+portforward.k8s.io subprotocol'));
    });
    const first = await sessions.tunnel('ns', 'a', 8080, new PassThrough(), { log: (m) => logs.push(m) }, perConnection);
    const second = await sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, perConnection);
    assert.equal(first.multiplexed, false);
    assert.equal(second.multiplexed, false);
    assert.equal(attempts, 1, 'not asked again');
    assert.match(logs[0] ?? '', /one websocket per connection from now on/);
  });

  it('does not fall back when the upgrade failed for another reason (pod gone): the error reaches the forward', async () => {
    let fallbacks = 0;
    const sessions = new ForwardSessions(() => Promise.reject(new Error('the API server answered the port-forward upgrade with HTTP 404')));
    await assert.rejects(
      sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, () => {
        fallbacks++;
        return perConnection();
      }),
      /HTTP 404/,
    );
    assert.equal(fallbacks, 0);
  });

  it('does not fall back for good when the per-connection path fails too', async () => {
    let attempts = 0;
    const sessions = new ForwardSessions(() => {
      attempts++;
      return Promise.reject(new SpdyRefused('HTTP 400'));
    });
    await assert.rejects(sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, () => Promise.reject(new Error('connection refused'))), /connection refused/);
    await assert.rejects(sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, () => Promise.reject(new Error('connection refused'))));
    assert.equal(attempts, 2, 'the session is tried again next time');
  });

  it('uses the per-connection path when multiplexing is off, without opening a session', async () => {
    let opened = 0;
    const sessions = new ForwardSessions(() => {
      opened++;
      return Promise.resolve(new FakeSession() as unknown as SpdySession);
    });
    const t = await sessions.tunnel('ns', 'a', 8080, new PassThrough(), { multiplex: false }, perConnection);
    assert.equal(t.multiplexed, false);
    assert.equal(opened, 0);
  });

  it('closes a session left without connections for the idle time, not one still in use', async () => {
    const made: FakeSession[] = [];
    const sessions = new ForwardSessions(() => {
      made.push(new FakeSession());
      return Promise.resolve(made[made.length - 1] as unknown as SpdySession);
    }, 20);
    const t = await sessions.tunnel('ns', 'a', 8080, new PassThrough(), {}, perConnection);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(made[0]?.closedWith, undefined, 'a connection is still open');
    made[0]?.finishAll();
    await t.closed;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(made[0]?.closedWith, 'idle');
    sessions.dispose();
  });
});
