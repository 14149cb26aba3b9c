/**
 * Jupyter started with its login off: an empty token (`--NotebookApp.token=''`, `--ServerApp.token ""`,
 * `--IdentityProvider.token=`) and no password. Jupyter Server and Notebook then let anyone who reaches them run code
 * ("Setting to an empty string disables authentication altogether"). JUPYTER_TOKEN set empty does not do it: the server
 * reads the variable only when it is non-empty, and generates a token otherwise.
 */

import { afterLastSlash } from './after-last-slash';

/** A flag of Jupyter's apps (`--ServerApp.port=9999`, `--NotebookApp.token ''`), by its trait. */
const appFlagRe = (traits: string): RegExp => new RegExp(`^--(?:NotebookApp|ServerApp|LabApp|IdentityProvider|PasswordIdentityProvider)\\.(?:${traits})(?:=|$)`);

const tokenFlagRe = appFlagRe('token');
const passwordFlagRe = appFlagRe('(?:hashed_)?password');
const portFlagRe = /^--(?:(?:NotebookApp|ServerApp|LabApp)\.)?port(?:=|$)/;
const ipFlagRe = /^--(?:(?:NotebookApp|ServerApp|LabApp)\.)?ip(?:=|$)/;
const loopbackRe = /^(?:127\.\d+\.\d+\.\d+|localhost|::1)$/i;

/** Traitlets takes one pair of quotes off a string setting (`--ServerApp.token=''` given without a shell is empty too). */
function unquoted(value: string): string {
  const quote = value[0];
  return value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote) ? value.slice(1, -1) : value;
}

interface Flag {
  word: string;
  /** Where the word is among the command's words. */
  at: number;
  value: string | undefined;
}

/** The last word `re` matches and its value: after its `=`, or the next word (`--ServerApp.token ''`); undefined when none is given. */
function lastFlag(words: readonly string[], re: RegExp): Flag | undefined {
  let found: Flag | undefined;
  words.forEach((word, i) => {
    if (re.test(word)) {
      const eq = word.indexOf('=');
      const next = words[i + 1];
      const value = eq >= 0 ? word.slice(eq + 1) : next !== undefined && !next.startsWith('-') ? next : undefined;
      found = { word, at: i, value: value === undefined ? undefined : unquoted(value) };
    }
  });
  return found;
}

export interface JupyterWithoutLogin {
  /** The flag that empties the token, as a message shows it (`--ServerApp.token=''`). */
  flag: string;
  /** Where the token option is among the command's words. */
  at: number;
  /** The address given to listen on (`--ip=0.0.0.0`, `--ServerApp.ip '*'`); undefined when none is: Jupyter then listens on localhost. */
  ip: string | undefined;
  /** The port Jupyter listens on (8888 unless `--port` or `--ServerApp.port` says otherwise). */
  port: number;
}

/**
 * Jupyter with an empty token and no password, listening beyond the container's loopback, in one command's words
 * (shell quotes taken off, empty words kept); undefined otherwise.
 */
export function jupyterWithoutLogin(words: readonly string[]): JupyterWithoutLogin | undefined {
  const token = lastFlag(words, tokenFlagRe);
  const password = lastFlag(words, passwordFlagRe)?.value;
  const ip = lastFlag(words, ipFlagRe)?.value;
  if (token?.value !== '' || (password !== undefined && password !== '') || (ip !== undefined && loopbackRe.test(ip))) {
    return undefined;
  }
  const port = Number(lastFlag(words, portFlagRe)?.value ?? '8888');
  return Number.isInteger(port) && port > 0 ? { flag: `${token.word.replace(/=.*$/, '')}=''`, at: token.at, ip, port } : undefined;
}

/** Programs that start a Jupyter server, and docker-stacks' start script (`start-notebook.sh`, `.py`, or neither). */
const serverProgramRe = /^(?:jupyter(?:-(?:lab|notebook|server|nbclassic))?|start-notebook(?:\.sh|\.py)?)$/;
/** Modules `python -m` starts a Jupyter server with. */
const serverModuleRe = /^(?:jupyter|jupyterlab|notebook|jupyter_server|nbclassic)$/;

/**
 * Whether a command's words start Jupyter (`jupyter lab`, `jupyter-notebook`, `python -m jupyterlab`, docker-stacks'
 * start-notebook script), and whether it listens on every interface without an `--ip`: docker-stacks' images set
 * `c.ServerApp.ip = ""` in their config, where Jupyter's own default is localhost.
 */
export function jupyterStart(words: readonly string[]): { listensEverywhere: boolean } | undefined {
  const programs = words.map((w) => afterLastSlash(w)).filter((w) => serverProgramRe.test(w));
  if (programs.length === 0 && !words.some((w, i) => w === '-m' && serverModuleRe.test(words[i + 1] ?? ''))) {
    return undefined;
  }
  return { listensEverywhere: programs.some((p) => p.startsWith('start-notebook')) };
}
