import { composeValue } from '../../compose/image';
import type { ComposeService } from '../../compose/model';
import { mergedPair } from '../../compose/model';
import type { Range } from '../../types';
import type { YamlView } from '../../yaml/access';

/** Where the service sets `network_mode: host`: it then shares the host's network, and a server on 0.0.0.0 is on every host interface. */
export function hostNetworkRange(view: YamlView, service: ComposeService): Range | undefined {
  const pair = mergedPair(view, service, 'network_mode');
  const mode = pair ? view.str(pair.value) : undefined;
  return pair && mode !== undefined && composeValue(view, mode) === 'host' ? view.pairValueRange(pair) : undefined;
}

/** Flags that set the address a server binds (`--host 0.0.0.0`, gunicorn's `--bind 0.0.0.0:8000`). */
const bindFlags = ['--host', '--listen', '--bind', '--ip', '--address', '--server-name', '--server_name'];
const everyInterfaceRe = /^(?:0\.0\.0\.0|::|\[::\])(?::(\d{1,5}))?$/;

/**
 * The command binds every interface with an explicit address (SGLang's `--host 0.0.0.0 --port 30000`): the port it
 * gives with `--port` or in the address, or undefined for no such bind; `port` is undefined when none is given.
 */
export function everyInterfaceBind(words: readonly string[]): { port?: number } | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const flag = bindFlags.find((f) => w === f || w.startsWith(`${f}=`));
    const value = flag === undefined ? undefined : w === flag ? words[i + 1] : w.slice(flag.length + 1);
    const m = value !== undefined ? everyInterfaceRe.exec(value) : null;
    if (m) {
      const port = m[1] ?? portFlag(words);
      return port !== undefined ? { port: Number(port) } : {};
    }
  }
  return undefined;
}

function portFlag(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const value = w === '--port' ? words[i + 1] : w.startsWith('--port=') ? w.slice('--port='.length) : undefined;
    if (value !== undefined && /^\d{1,5}$/.test(value)) {
      return value;
    }
  }
  return undefined;
}
