import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ForwardTarget } from '../../../src/core/kubernetes/port-forward';
import { parseLocalPort, parseReplicas, portChoices } from '../../../src/core/kubernetes/port-forward';
import type { TunnelOptions } from '../../../src/infra/kubernetes/cluster-client';
import { PortForwardManager, type ForwardDeps } from '../../../src/infra/kubernetes/port-forward-manager';

/**
 * Fake cluster: each "pod" is a loopback TCP server that answers with its own name, and a tunnel is
 * a plain TCP pipe to it — the forward's listener, reconnection and state logic run for real.
 */
class FakePods {
  servers = new Map<string, net.Server>();
  ready: string[] = [];
  gone = new Map<string, (why: string) => void>();

  open = new Map<string, Set<net.Socket>>();
  /** What tunnels report: carried over one multiplexed session, or each its own websocket. */
  multiplexed = false;
  tunnelCalls: (TunnelOptions | undefined)[] = [];

  /** `echo`: greets each connection with its number on this pod, then echoes and stays open. */
  async add(name: string, echo = false): Promise<void> {
    let n = 0;
    const open = new Set<net.Socket>();
    this.open.set(name, open);
    const s = net.createServer((c) => {
      open.add(c);
      c.once('close', () => open.delete(c));
      if (echo) {
        c.write(`#${++n} on ${name};`);
        c.pipe(c);
      } else {
        c.end(`hello from ${name}`);
      }
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    this.servers.set(name, s);
    this.ready.push(name);
  }

  async kill(name: string): Promise<void> {
    this.ready = this.ready.filter((x) => x !== name);
    const s = this.servers.get(name);
    this.servers.delete(name);
    await new Promise((r) => s?.close(r));
    this.gone.get(name)?.('was deleted');
  }

  /** The pod is reported gone while its server still holds the connections made to it. */
  reportGone(name: string): void {
    this.ready = this.ready.filter((x) => x !== name);
    this.gone.get(name)?.('was deleted');
  }

  deps(): ForwardDeps {
    return {
      resolve: (_t: ForwardTarget, port: number) => Promise.resolve(this.ready[0] ? { pod: this.ready[0], port } : undefined),
      tunnel: (_ns, pod, _port, socket, options) => {
        this.tunnelCalls.push(options);
        const s = this.servers.get(pod);
        if (!s) {
          return Promise.reject(new Error(`pod ${pod} not found`));
        }
        const upstream = net.connect((s.address() as net.AddressInfo).port, '127.0.0.1');
        upstream.on('error', () => socket.destroy());
        // As the real tunnel closes its websocket when its local end closes.
        socket.once('close', () => upstream.destroy());
        socket.pipe(upstream).pipe(socket);
        const closed = new Promise<void>((r) => socket.once('close', () => r()));
        return Promise.resolve({ closed, multiplexed: this.multiplexed });
      },
      watchPodGone: (_ns, pod, onGone) => {
        this.gone.set(pod, onGone);
        return () => this.gone.delete(pod);
      },
    };
  }

  close(): Promise<unknown> {
    for (const open of this.open.values()) {
      open.forEach((c) => c.destroy());
    }
    return Promise.all([...this.servers.values()].map((s) => new Promise((r) => s.close(r))));
  }
}

function fetchText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    let text = '';
    c.on('data', (d) => (text += d.toString()));
    c.on('end', () => resolve(text));
    c.on('error', reject);
  });
}

/** Sends `text` and reads until `expect` (the greeting and the echo) arrived. */
function exchange(port: number, text: string, expect: (got: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(text));
    let got = '';
    c.on('data', (d) => {
      got += d.toString();
      if (expect(got)) {
        c.destroy();
        resolve(got);
      }
    });
    c.on('error', reject);
  });
}

function until<T>(what: string, get: () => T | undefined, subscribe: (cb: () => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const v = get();
      if (v !== undefined) {
        off();
        resolve(v);
      }
    };
    const off = subscribe(check);
    check();
  });
}

describe('infra/kubernetes/port-forward-manager', () => {
  const target: ForwardTarget = { kind: 'Deployment', namespace: 'ml', name: 'web' };
  let pods: FakePods;
  let manager: PortForwardManager;
  beforeEach(() => {
    pods = new FakePods();
    manager = new PortForwardManager({ backoffBaseMs: 5, backoffCapMs: 20, maxAttempts: 200 });
  });
  afterEach(async () => {
    await manager.stopAll();
    await pods.close();
  });

  it('binds 127.0.0.1 on a free port and carries many concurrent connections', async () => {
    await pods.add('web-1');
    const f = await manager.start({ target, remotePort: 8080 }, pods.deps());
    assert.deepEqual(f.state, { kind: 'connected', pod: 'web-1' });
    assert.ok(f.localPort && f.localPort > 0);
    const answers = await Promise.all(Array.from({ length: 30 }, () => fetchText(f.localPort!)));
    assert.ok(answers.every((a) => a === 'hello from web-1'));
  });

  it('survives pod replacement: reconnecting while none is ready, then the new pod on the same local port', async () => {
    await pods.add('web-1');
    const f = await manager.start({ target, remotePort: 8080 }, pods.deps());
    const port = f.localPort!;
    const states: string[] = [];
    f.onDidChange((s) => states.push(s.kind));
    await pods.kill('web-1');
    assert.equal(f.state.kind, 'reconnecting');
    // A connection made while reconnecting waits for the replacement instead of failing.
    const pending = fetchText(port);
    await pods.add('web-2');
    assert.equal(await pending, 'hello from web-2');
    assert.deepEqual(f.state, { kind: 'connected', pod: 'web-2' });
    assert.equal(f.localPort, port);
    assert.equal(states[0], 'reconnecting');
    assert.equal(states.at(-1), 'connected');
  });

  it('serves a new connection on a tunnel opened ahead, with what the pod sent before it was accepted', async () => {
    await pods.add('web-1', true);
    const m = new PortForwardManager({ spareTunnels: 2 });
    try {
      const f = await m.start({ target, remotePort: 8080 }, pods.deps());
      await until('two spares open', () => (pods.open.get('web-1')?.size === 2 ? true : undefined), (cb) => {
        const t = setInterval(cb, 5);
        return () => clearInterval(t);
      });
      const got = await exchange(f.localPort!, 'ping', (g) => g.endsWith('ping'));
      assert.match(got, /^#[12] on web-1;ping$/, 'one of the two spares, greeting kept until the connection came');
    } finally {
      await m.stopAll();
    }
  });

  it('opens only the one tunnel ahead that starts a multiplexed session, and none after it', async () => {
    await pods.add('web-1', true);
    pods.multiplexed = true;
    const m = new PortForwardManager({ spareTunnels: 4 });
    try {
      const f = await m.start({ target, remotePort: 8080 }, pods.deps());
      await until('the first tunnel open', () => (pods.open.get('web-1')?.size === 1 ? true : undefined), (cb) => {
        const t = setInterval(cb, 5);
        return () => clearInterval(t);
      });
      for (const text of ['a', 'b', 'c']) {
        await exchange(f.localPort!, text, (g) => g.endsWith(text));
      }
      // The spare served the first connection; the next two opened one stream pair each, no spares.
      assert.equal(pods.tunnelCalls.length, 3);
      assert.ok(pods.tunnelCalls.every((o) => o?.multiplex === true && typeof o.log === 'function'));
    } finally {
      await m.stopAll();
    }
  });

  it('asks for one websocket per connection when multiplexing is off, and keeps the full pool of spares', async () => {
    await pods.add('web-1', true);
    const m = new PortForwardManager({ spareTunnels: 3, multiplex: false });
    try {
      await m.start({ target, remotePort: 8080 }, pods.deps());
      await until('three spares open', () => (pods.open.get('web-1')?.size === 3 ? true : undefined), (cb) => {
        const t = setInterval(cb, 5);
        return () => clearInterval(t);
      });
      assert.ok(pods.tunnelCalls.every((o) => o?.multiplex === false));
    } finally {
      await m.stopAll();
    }
  });

  it('closes the spares to a pod that went away and serves new connections from its replacement', async () => {
    await pods.add('web-1', true);
    const m = new PortForwardManager({ spareTunnels: 3, backoffBaseMs: 5, backoffCapMs: 20 });
    const poll = (cb: () => void) => {
      const t = setInterval(cb, 5);
      return () => clearInterval(t);
    };
    try {
      const f = await m.start({ target, remotePort: 8080 }, pods.deps());
      await until('three spares to web-1', () => (pods.open.get('web-1')?.size === 3 ? true : undefined), poll);
      pods.reportGone('web-1');
      await until('spares to web-1 closed', () => (pods.open.get('web-1')?.size === 0 ? true : undefined), poll);
      await pods.add('web-2', true);
      const got = await exchange(f.localPort!, 'ping', (g) => g.endsWith('ping'));
      assert.match(got, /^#\d+ on web-2;ping$/);
      assert.equal(pods.open.get('web-1')?.size, 0, 'no spare to the old pod was opened again');
    } finally {
      await m.stopAll();
    }
  });

  it('marks the forward failed after its attempts run out, and stops cleanly', async () => {
    const m = new PortForwardManager({ backoffBaseMs: 1, backoffCapMs: 2, maxAttempts: 3 });
    const f = await m.start({ target, remotePort: 8080 }, pods.deps());
    await until('failed', () => (f.state.kind === 'failed' ? f.state : undefined), (cb) => f.onDidChange(cb));
    assert.deepEqual(f.state, { kind: 'failed', reason: 'no ready pod yet' });
    await m.stop(f.id);
    assert.equal(f.state.kind, 'stopped');
    assert.equal(m.list().length, 0);
    await assert.rejects(fetchText(f.localPort!));
  });

  it('refuses a local port that is taken and keeps no half-started forward', async () => {
    await pods.add('web-1');
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    await assert.rejects(manager.start({ target, remotePort: 8080, localPort: port }, pods.deps()), /EADDRINUSE/);
    assert.equal(manager.list().length, 0);
    await new Promise((r) => busy.close(r));
  });

  it('offers declared ports, well-known ML ports first, and validates typed ports and replicas', () => {
    const choices = portChoices([
      { name: 'app', ports: [{ containerPort: 9000 }, { name: 'nb', containerPort: 8888 }, { containerPort: 53, protocol: 'UDP' }] },
      { name: 'side', ports: [{ containerPort: 6006 }, { containerPort: 8888 }] },
    ]);
    assert.deepEqual(choices.map((c) => [c.label, c.detail]), [
      ['6006 · TensorBoard', 'container side'],
      ['8888 · Jupyter', 'container app, port nb'],
      ['9000', 'container app'],
    ]);
    assert.deepEqual(parseLocalPort(''), { ok: true, port: 0 });
    assert.deepEqual(parseLocalPort('8888'), { ok: true, port: 8888 });
    assert.equal(parseLocalPort('70000').ok, false);
    assert.deepEqual(parseReplicas('3'), { ok: true, replicas: 3 });
    assert.equal(parseReplicas('-1').ok, false);
    assert.equal(parseReplicas('').ok, false);
  });
});
