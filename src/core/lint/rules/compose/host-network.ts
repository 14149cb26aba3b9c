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
 * Short forms of those flags, for the programs that define them (elsewhere `-H` or `-h` means something else, such as
 * curl's header or a help flag): Xinference's `-H`/`--host` and `-p`/`--port` (xinference-local, -supervisor, -worker),
 * gunicorn's `-b`/`--bind`, MLflow's and Flask's `-h`/`--host` and `-p`/`--port` (`mlflow server`, `flask run`).
 */
const programShortFlags: readonly { program: RegExp; bind: string; port?: string }[] = [
  { program: /^xinference-(?:local|supervisor|worker)$/, bind: '-H', port: '-p' },
  { program: /^gunicorn$/, bind: '-b' },
  { program: /^(?:mlflow|flask)$/, bind: '-h', port: '-p' },
];

const programName = (w: string): string => {
  const bare = w.replace(/^["']+|["';]+$/g, '');
  return bare.slice(bare.lastIndexOf('/') + 1);
};

/** The bind and port flags a word at each position may be: the long ones, and the short ones of a program named before it (programShortFlags). */
function flagsFrom(words: readonly string[]): (k: number) => { bind: string[]; port: string[] } {
  const starts = programShortFlags.map((p) => words.findIndex((w) => p.program.test(programName(w))));
  return (k) => {
    const named = programShortFlags.filter((_p, n) => (starts[n] as number) >= 0 && (starts[n] as number) < k);
    return { bind: [...bindFlags, ...named.map((p) => p.bind)], port: ['--port', ...named.flatMap((p) => (p.port !== undefined ? [p.port] : []))] };
  };
}

/**
 * The command binds every interface with an explicit address (SGLang's `--host 0.0.0.0 --port 30000`, Xinference's
 * `xinference-local -H 0.0.0.0`): the port it gives with its port flag or in the address, or undefined for no such bind;
 * `port` is undefined when none is given.
 */
export function everyInterfaceBind(words: readonly string[]): { port?: number } | undefined {
  const flagsAt = flagsFrom(words);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const flags = flagsAt(i);
    const flag = flags.bind.find((f) => w === f || w.startsWith(`${f}=`));
    const value = flag === undefined ? undefined : w === flag ? words[i + 1] : w.slice(flag.length + 1);
    const m = value !== undefined ? everyInterfaceRe.exec(value) : null;
    if (m) {
      const port = m[1] ?? portFlag(words, flags.port);
      return port !== undefined ? { port: Number(port) } : {};
    }
  }
  return undefined;
}

function portFlag(words: readonly string[], flags: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    const flag = flags.find((f) => w === f || w.startsWith(`${f}=`));
    const value = flag === undefined ? undefined : w === flag ? words[i + 1] : w.slice(flag.length + 1);
    if (value !== undefined && /^\d{1,5}$/.test(value)) {
      return value;
    }
  }
  return undefined;
}
