import { keyValues } from './kv';
import type { Instruction } from './model';

/** Ports below this one are privileged: Docker and Podman let any user bind them, Kubernetes by default does not. */
const firstUnprivilegedPort = 1024;

function privilegedPort(text: string): boolean {
  if (!/^\d{1,5}$/.test(text)) {
    return false;
  }
  const port = Number(text);
  return port > 0 && port < firstUnprivilegedPort;
}

/** `/root` or a path under it, at the start of a value or of a `:`-separated entry (`PATH=/root/.local/bin:$PATH`). */
const underRootRe = /(?:^|:)\/root(?:\/|:|$)/;

/** An ENV that names the listening port (`PORT`, `APP_PORT`, `HTTP_PORT`). */
const portVariableRe = /(?:^|_)PORT$/i;

/** Server options that name the port to listen on (`--port 80`, `--port=80`) or an address with one (`--bind 0.0.0.0:80`). */
const portOptions = new Set(['--port', '--http-port', '--listen-port']);
const bindOptions = new Set(['--bind', '-b', '--host-port']);

function startupWords(instr: Instruction): string[] {
  return instr.json ? instr.json.map((j) => j.value) : instr.words.map((w) => w.value);
}

function startupPort(words: readonly string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const word = words[k] as string;
    const [option, attached] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, words[k + 1]];
    if (portOptions.has(option) && attached !== undefined && privilegedPort(attached)) {
      return `${option} ${attached}`;
    }
    const address = bindOptions.has(option) ? /:(\d+)$/.exec(attached ?? '')?.[1] : undefined;
    if (address !== undefined && privilegedPort(address)) {
      return `${option} ${attached ?? ''}`;
    }
  }
  return undefined;
}

/** A setting only root can use: a privileged port, or a path under /root; `shown` as the instruction writes it. */
export interface RootOnlySetting {
  kind: 'port' | 'root-path';
  shown: string;
}

/**
 * What the stage's instructions (its in-file ancestors' included) set up that an unprivileged user cannot use, as
 * the instruction shows it: a port below 1024 it exposes, sets or serves on, and paths under /root (a cache,
 * a working directory, files copied there), which user 10001 cannot reach and whose HOME is no longer /root.
 */
export function rootOnlySettings(chain: readonly Instruction[]): RootOnlySetting[] {
  const out: RootOnlySetting[] = [];
  const port = (shown: string): RootOnlySetting => ({ kind: 'port', shown });
  const rootPath = (shown: string): RootOnlySetting => ({ kind: 'root-path', shown });
  for (const instr of chain) {
    switch (instr.keyword) {
      case 'EXPOSE':
        out.push(...instr.words.filter((w) => privilegedPort(w.value.replace(/\/(?:tcp|udp)$/i, ''))).map((w) => port(`EXPOSE ${w.value}`)));
        break;
      case 'ENV':
        for (const kv of keyValues(instr)) {
          const value = kv.value ?? '';
          if (portVariableRe.test(kv.key) && privilegedPort(value)) {
            out.push(port(`ENV ${kv.key}=${value}`));
          } else if (underRootRe.test(value)) {
            out.push(rootPath(`ENV ${kv.key}=${value}`));
          }
        }
        break;
      case 'WORKDIR':
      case 'VOLUME':
      case 'COPY':
      case 'ADD': {
        const words = startupWords(instr);
        const paths = instr.keyword === 'VOLUME' ? words : words.slice(-1);
        out.push(...paths.filter((p) => underRootRe.test(p)).map((p) => rootPath(`${instr.keyword} ${instr.keyword === 'COPY' || instr.keyword === 'ADD' ? '… ' : ''}${p}`)));
        break;
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const served = startupPort(startupWords(instr));
        if (served !== undefined) {
          out.push(port(`${instr.keyword} … ${served}`));
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}
