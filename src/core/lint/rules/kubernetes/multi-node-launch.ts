import { afterLastSlash } from '../../after-last-slash';
/** A launcher or server that forms one group over several nodes and waits for all of them before it runs or serves. */
export interface MultiNodeLaunch {
  /** How to name it in a message (`torchrun`, `SGLang`). */
  program: string;
  /** A server (SGLang, vLLM), rather than a launcher that starts training workers. */
  server: boolean;
  /** The flag that sets the node count, as written. */
  flag: string;
  nodes: number;
  /** Ports its rendezvous may answer on before the group is whole (its store, the launcher's defaults). */
  rendezvousPorts: ReadonlySet<number>;
}

interface Launcher {
  program: string;
  server: boolean;
  nodeFlags: ReadonlySet<string>;
  /** Ports a torch-style rendezvous listens on unless the command names others: c10d's 29400, the static store's 29500. */
  defaultPorts: readonly number[];
}

const torchPorts = [29400, 29500];
const torchrun: Launcher = { program: 'torchrun', server: false, nodeFlags: new Set(['--nnodes']), defaultPorts: torchPorts };
const accelerate: Launcher = { program: 'accelerate launch', server: false, nodeFlags: new Set(['--num_machines', '--num-machines']), defaultPorts: torchPorts };
const deepspeed: Launcher = { program: 'deepspeed', server: false, nodeFlags: new Set(['--num_nodes', '--num-nodes']), defaultPorts: torchPorts };
const sglang: Launcher = { program: 'SGLang', server: true, nodeFlags: new Set(['--nnodes']), defaultPorts: [] };
const vllm: Launcher = { program: 'vLLM', server: true, nodeFlags: new Set(['--nnodes']), defaultPorts: [] };

/** Flags whose value names the rendezvous address or port (`host:29400`, `5000`). */
const rendezvousFlags = new Set(['--rdzv-endpoint', '--rdzv_endpoint', '--master-port', '--master_port', '--main_process_port', '--dist-init-addr', '--nccl-init-addr']);

const bare = (word: string | undefined): string => (word ?? '').replace(/^["']+|["';]+$/g, '');
const programName = (word: string): string => afterLastSlash(word);

/** The launcher whose program (or `-m` module) starts at `k`, and the index after it. */
function launcherAt(words: readonly string[], k: number): { launcher: Launcher; next: number } | undefined {
  const word = bare(words[k]);
  const name = programName(word);
  const following = bare(words[k + 1]);
  if (name === 'torchrun' || name === 'deepspeed') {
    return { launcher: name === 'torchrun' ? torchrun : deepspeed, next: k + 1 };
  }
  if ((name === 'accelerate' && following === 'launch') || (name === 'sglang' && following === 'serve') || (name === 'vllm' && following === 'serve')) {
    return { launcher: name === 'accelerate' ? accelerate : name === 'sglang' ? sglang : vllm, next: k + 2 };
  }
  if (word !== '-m') {
    return undefined;
  }
  if (following === 'torch.distributed.run' || following === 'torch.distributed.launch') {
    return { launcher: { ...torchrun, program: `python -m ${following}` }, next: k + 2 };
  }
  if (following === 'sglang.launch_server' || following === 'vllm.entrypoints.openai.api_server') {
    return { launcher: following.startsWith('sglang') ? sglang : vllm, next: k + 2 };
  }
  return undefined;
}

/** A variable (`$N`, `${N}`, `$(N)`) read from the container's own env values; anything else as written. */
function resolved(value: string, env: ReadonlyMap<string, string>): string | undefined {
  const variable = /^\$(?:\{([A-Za-z_]\w*)\}|\(([A-Za-z_]\w*)\)|([A-Za-z_]\w*))$/.exec(value);
  return variable ? env.get((variable[1] ?? variable[2] ?? variable[3]) as string) : value;
}

/** A node count: `2`, or the minimum of an elastic range (`2:4`). */
function nodeCount(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^(\d+)(?::\d+)?$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** The port at the end of a rendezvous value (`head-0.svc:29400`, `5000`). */
function portOf(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /(?:^|:)(\d+)$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

/** A flag's value: inline (`--nnodes=2`) or the next word, each resolved against env. */
function flagValue(words: readonly string[], k: number, flag: string, env: ReadonlyMap<string, string>): string | undefined {
  const word = bare(words[k]);
  const value = word === flag ? bare(words[k + 1]) : word.slice(flag.length + 1);
  return resolved(value, env);
}

/** The flag of `--flag` or `--flag=value` when it is one of `flags`. */
function flagOf(word: string, flags: ReadonlySet<string>): string | undefined {
  const equals = word.indexOf('=');
  const flag = equals < 0 ? word : word.slice(0, equals);
  return flags.has(flag) ? flag : undefined;
}

/** Reads the launcher's flags from `from` up to the end of its command; undefined when that command runs in the background. */
function readLaunch(launcher: Launcher, words: readonly string[], separators: readonly boolean[], from: number, env: ReadonlyMap<string, string>): MultiNodeLaunch | undefined {
  let found: { flag: string; nodes: number | undefined } | undefined;
  const ports = new Set(launcher.defaultPorts);
  let k = from;
  for (; k < words.length && !separators[k]; k++) {
    const word = bare(words[k]);
    if (!word.startsWith('--')) {
      continue;
    }
    const nodeFlag = flagOf(word, launcher.nodeFlags);
    const portFlag = nodeFlag === undefined ? flagOf(word, rendezvousFlags) : undefined;
    if (nodeFlag !== undefined) {
      found = { flag: nodeFlag, nodes: nodeCount(flagValue(words, k, nodeFlag, env)) };
    } else if (portFlag !== undefined) {
      const port = portOf(flagValue(words, k, portFlag, env));
      if (port !== undefined) {
        ports.add(port);
      }
    }
  }
  if (words[k] === '&') {
    return undefined;
  }
  const masterPort = portOf(env.get('MASTER_PORT'));
  if (masterPort !== undefined) {
    ports.add(masterPort);
  }
  return found?.nodes !== undefined && found.nodes > 1 ? { program: launcher.program, server: launcher.server, flag: found.flag, nodes: found.nodes, rendezvousPorts: ports } : undefined;
}

/** A word of a command line, or an operator between its commands (`&&`, `;`, `&`, a line end). */
export interface LaunchWord {
  text: string;
  separator: boolean;
}

/**
 * The first launcher or server of a command line that runs over more than one node, in the foreground and with nothing
 * sent to the background before it: torchrun (`--nnodes 2`, `--nnodes 2:4`), `python -m torch.distributed.run`,
 * `accelerate launch --num_machines 2`, `deepspeed --num_nodes 2`, SGLang or vLLM with `--nnodes 2`. A count from a
 * variable is read from the container's env values (`env`); one that cannot be read there is not reported.
 */
export function multiNodeLaunch(line: readonly LaunchWord[], env: ReadonlyMap<string, string>): MultiNodeLaunch | undefined {
  const words = line.map((w) => w.text);
  const separators = line.map((w) => w.separator);
  for (let k = 0; k < words.length; k++) {
    if (separators[k] && words[k] === '&') {
      return undefined;
    }
    const start = launcherAt(words, k);
    const launch = start ? readLaunch(start.launcher, words, separators, start.next, env) : undefined;
    if (launch) {
      return launch;
    }
  }
  return undefined;
}
