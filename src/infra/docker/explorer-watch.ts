import { KeyedDebouncer, viewsAffectedBy, type ExplorerView, type Timers } from '../../core/docker/events';
import type { DockerConnection, Disposable } from './docker-connection';

export const realTimers: Timers = {
  set: (cb, ms) => setTimeout(cb, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

/**
 * Tells the views when to refresh: on engine events that change them (debounced, so a burst of
 * events gives one list call), and on every change of the connection (connected, lost, failed).
 */
export function watchExplorer(
  connection: DockerConnection,
  refresh: (views: ReadonlySet<ExplorerView>) => void,
  options: { quietMs?: number; maxWaitMs?: number; timers?: Timers } = {},
): Disposable {
  const debouncer = new KeyedDebouncer<ExplorerView>(refresh, options.timers ?? realTimers, options.quietMs ?? 500, options.maxWaitMs ?? 2000);
  const events = connection.onEvent((e) => {
    for (const view of viewsAffectedBy(e)) {
      debouncer.push(view);
    }
  });
  // "connecting" is transient; a failure repeated by backoff retries is the same message: refresh
  // only when the settled outcome changes, so the message node is shown once, not re-rendered.
  const settled = (s: typeof connection.state) => (s.kind === 'failed' ? `failed:${s.failure.kind}` : s.kind);
  let last = connection.state.kind === 'connecting' ? 'idle' : settled(connection.state);
  const states = connection.onStateChange((s) => {
    if (s.kind === 'connecting') {
      return;
    }
    const now = settled(s);
    // idle → connected: the views that asked are already loading; anything else changes what they show.
    if ((now !== last || s.kind === 'connected') && last !== 'idle') {
      refresh(new Set<ExplorerView>(['images', 'containers']));
    }
    last = now;
  });
  return {
    dispose: () => {
      events.dispose();
      states.dispose();
      debouncer.dispose();
    },
  };
}
