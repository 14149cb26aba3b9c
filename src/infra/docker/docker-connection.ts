import type Docker from 'dockerode';
import { engineProbeFailure, engineProbeFromResponses, type EngineInfo } from '../../core/docker/engine-facts';
import type { EngineEvent } from '../../core/docker/engine-json';
import { backoffDelay, EventLineParser } from '../../core/docker/events';
import type { DockerFailure } from '../../core/docker/connection-message';
import { compareApiVersions, minimumDockerApi } from '../../core/doctor/docker-checks';
import type { DockerEndpoint, DockerProbe, SocketFacts } from '../../core/doctor/facts';
import { loadDockerEngine, type DockerEngineModule } from './load-engine';
import type { DockerEndpointResolution } from './read-cli-config';
import { resolveDockerEndpointFromDisk } from './read-cli-config';
import { readSocketFacts } from './socket-facts';

export type EngineProbeOk = Extract<DockerProbe, { ok: true }>;

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; endpoint?: DockerEndpoint }
  | { kind: 'connected'; endpoint: DockerEndpoint; engine: EngineProbeOk }
  | { kind: 'failed'; endpoint?: DockerEndpoint; failure: DockerFailure; socket?: SocketFacts; attempt: number; retryInMs?: number };

export interface Disposable {
  dispose(): void;
}

export interface ConnectionLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface DockerConnectionOptions {
  /** Where the engine is; default: the `setting` override, else as the docker CLI resolves it. */
  resolveEndpoint?: () => Promise<DockerEndpointResolution>;
  /** Read on every (re)connect so a changed setting takes effect on Retry. */
  setting?: () => string | undefined;
  loadEngine?: () => Promise<DockerEngineModule>;
  requestTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  log?: ConnectionLog;
}

export class DockerUnavailableError extends Error {
  constructor(readonly failure: DockerFailure) {
    super(failure.message);
  }
}

interface Clients {
  endpoint: DockerEndpoint;
  /** Requests with a timeout. */
  api: Docker;
  /** Long-lived streams (events, logs, exec): no idle timeout. */
  streams: Docker;
}

/**
 * One lazily opened connection to the Docker Engine, shared by the explorer views and commands.
 * Connects on first use, follows the /events stream, and while `active` (a view is visible) keeps
 * retrying with backoff after a failure or a daemon restart. Never throws from its background work.
 */
export class DockerConnection implements Disposable {
  private current: ConnectionState = { kind: 'idle' };
  private clients: Clients | undefined;
  private connecting: Promise<ConnectionState> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private eventStream: NodeJS.ReadableStream | undefined;
  private active = false;
  private disposed = false;
  private attempt = 0;
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly eventListeners = new Set<(e: EngineEvent) => void>();

  constructor(private readonly options: DockerConnectionOptions = {}) {}

  get state(): ConnectionState {
    return this.current;
  }

  onStateChange(listener: (s: ConnectionState) => void): Disposable {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  onEvent(listener: (e: EngineEvent) => void): Disposable {
    this.eventListeners.add(listener);
    return { dispose: () => this.eventListeners.delete(listener) };
  }

  /** Views call this with true when one of them becomes visible: connects, and keeps retrying while active. */
  setActive(active: boolean): void {
    this.active = active;
    if (active && (this.current.kind === 'idle' || (this.current.kind === 'failed' && this.retryTimer === undefined))) {
      void this.connect();
    }
    if (!active && this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  /** Connects now (or joins the attempt in flight). Resolves with the resulting state; never rejects. */
  connect(): Promise<ConnectionState> {
    if (this.disposed) {
      return Promise.resolve(this.current);
    }
    if (this.current.kind === 'connected') {
      return Promise.resolve(this.current);
    }
    this.connecting ??= this.attemptConnect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Retry at once (the Retry action): resets the backoff and re-resolves the endpoint. */
  retryNow(): Promise<ConnectionState> {
    this.attempt = 0;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    if (this.current.kind === 'connected') {
      this.dropClients();
      this.setState({ kind: 'connecting', endpoint: this.current.endpoint });
    }
    return this.connect();
  }

  /** The request client, connecting first; throws DockerUnavailableError with the classified failure. */
  async api(): Promise<Docker> {
    return (await this.ready()).api;
  }

  /** The streaming client (no idle timeout), for logs, exec and events. */
  async streams(): Promise<Docker> {
    return (await this.ready()).streams;
  }

  async endpoint(): Promise<DockerEndpoint> {
    return (await this.ready()).endpoint;
  }

  private async ready(): Promise<Clients> {
    const state = await this.connect();
    if (state.kind === 'connected' && this.clients) {
      return this.clients;
    }
    if (state.kind === 'failed') {
      throw new DockerUnavailableError(state.failure);
    }
    throw new DockerUnavailableError({ ok: false, kind: 'other', message: 'the Docker connection is closed' });
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const l of [...this.stateListeners]) {
      try {
        l(state);
      } catch (err) {
        this.options.log?.warn(`Docker connection listener failed: ${String(err)}`);
      }
    }
  }

  private async resolve(): Promise<DockerEndpointResolution> {
    if (this.options.resolveEndpoint) {
      return this.options.resolveEndpoint();
    }
    return resolveDockerEndpointFromDisk(process.env, process.platform, this.options.setting?.());
  }

  private async attemptConnect(): Promise<ConnectionState> {
    let endpoint: DockerEndpoint | undefined;
    this.setState({ kind: 'connecting', ...(this.current.kind !== 'idle' && this.current.endpoint ? { endpoint: this.current.endpoint } : {}) });
    try {
      const resolution = await this.resolve();
      endpoint = resolution.endpoint;
      for (const p of resolution.problems) {
        this.options.log?.warn(`Docker configuration: ${p}`);
      }
      const engine = await (this.options.loadEngine ?? loadDockerEngine)();
      const api = engine.createDockerClient(endpoint, this.options.requestTimeoutMs ?? 10_000);
      const streams = engine.createDockerClient(endpoint, 0);
      const [version, info] = await Promise.all([api.version(), api.info() as Promise<EngineInfo>]);
      const probe = engineProbeFromResponses(version, info);
      if (compareApiVersions(probe.apiVersion, minimumDockerApi) < 0) {
        throw Object.assign(new Error(`Docker Engine ${probe.serverVersion} speaks API ${probe.apiVersion}; ${minimumDockerApi} or newer is needed`), { statusCode: 400, code: 'EAPIVERSION' });
      }
      if (this.disposed) {
        return this.current;
      }
      this.clients = { endpoint, api, streams };
      this.attempt = 0;
      this.options.log?.info(`Connected to Docker Engine ${probe.serverVersion} (API ${probe.apiVersion}) at ${endpoint.host}`);
      const state: ConnectionState = { kind: 'connected', endpoint, engine: probe };
      this.setState(state);
      void this.followEvents(streams);
      return state;
    } catch (err) {
      const failure = toFailure(err);
      const socket = failure.kind === 'permission-denied' && endpoint ? await readSocketFacts(endpoint) : undefined;
      const attempt = this.attempt++;
      const retryInMs = this.active && !this.disposed ? backoffDelay(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs) : undefined;
      if (attempt === 0) {
        this.options.log?.warn(`Cannot reach Docker at ${endpoint?.host ?? '(unresolved)'}: ${failure.kind}: ${failure.message}`);
      }
      const state: ConnectionState = {
        kind: 'failed',
        failure,
        attempt,
        ...(endpoint ? { endpoint } : {}),
        ...(socket ? { socket } : {}),
        ...(retryInMs !== undefined ? { retryInMs } : {}),
      };
      this.setState(state);
      if (retryInMs !== undefined) {
        this.scheduleRetry(retryInMs);
      }
      return state;
    }
  }

  private scheduleRetry(ms: number): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.active && !this.disposed) {
        void this.connect();
      }
    }, ms);
    this.retryTimer.unref?.();
  }

  private async followEvents(streams: Docker): Promise<void> {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await streams.getEvents({ filters: { type: ['container', 'image'] } });
    } catch (err) {
      this.lost(`the events stream could not be opened: ${String(err)}`);
      return;
    }
    if (this.disposed || this.clients?.streams !== streams) {
      destroyStream(stream);
      return;
    }
    this.eventStream = stream;
    const parser = new EventLineParser();
    stream.on('data', (chunk: Buffer | string) => {
      for (const event of parser.push(chunk.toString())) {
        for (const l of [...this.eventListeners]) {
          try {
            l(event);
          } catch (err) {
            this.options.log?.warn(`Docker event listener failed: ${String(err)}`);
          }
        }
      }
    });
    let ended = false;
    const onEnd = (why: string) => {
      if (ended) {
        return;
      }
      ended = true;
      if (this.eventStream === stream) {
        this.eventStream = undefined;
        this.lost(why);
      }
    };
    stream.on('end', () => onEnd('the events stream ended'));
    stream.on('close', () => onEnd('the events stream closed'));
    stream.on('error', (err: Error) => onEnd(`the events stream failed: ${err.message}`));
  }

  /** The engine went away (daemon stopped or restarted): reconnect, which reports the failure if it is still gone. */
  private lost(why: string): void {
    if (this.disposed) {
      return;
    }
    this.options.log?.warn(`Docker connection lost (${why}); reconnecting`);
    const endpoint = this.clients?.endpoint;
    this.dropClients();
    this.setState({ kind: 'connecting', ...(endpoint ? { endpoint } : {}) });
    void this.connect();
  }

  private dropClients(): void {
    const stream = this.eventStream;
    this.eventStream = undefined;
    this.clients = undefined;
    if (stream) {
      destroyStream(stream);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.active = false;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.dropClients();
    this.stateListeners.clear();
    this.eventListeners.clear();
  }
}

function toFailure(err: unknown): DockerFailure {
  if ((err as { code?: string } | undefined)?.code === 'EAPIVERSION') {
    return { ok: false, kind: 'api-too-old', message: (err as Error).message };
  }
  return engineProbeFailure(err);
}

export function destroyStream(stream: NodeJS.ReadableStream): void {
  const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
  s.destroy?.();
}
