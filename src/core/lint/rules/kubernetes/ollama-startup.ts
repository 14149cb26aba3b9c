import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { ollamaRepository } from './readiness-endpoints';

/** Ollama's GET routes that answer from the server alone: its banner, version, local and loaded model lists. */
const answeredWithoutModel = new Set(['/', '/api/version', '/api/tags', '/api/ps', '/v1/models']);

/** Commands a wrapper script may run before `ollama serve` without delaying it. */
const quickCommands = new Set(['set', 'export', 'echo', 'mkdir', 'cd', 'ulimit', 'umask', 'true', ':', 'exec']);

/** `ollama serve` anywhere in a script, the program named by any path. */
const ollamaServe = /(?:^|[\s;&|(])(?:\S*\/)?ollama\s+serve(?=$|[\s;&|)])/;

/** A TCP check, or an HTTP GET on a route Ollama answers without loading a model. */
function probesServerOnly(view: YamlView, probe: Node): boolean {
  if (view.get(probe, 'tcpSocket') !== undefined) {
    return true;
  }
  const httpGet = view.get(probe, 'httpGet');
  if (httpGet === undefined) {
    return false;
  }
  const path = (view.text(httpGet, 'path') ?? '/').replace(/[?#].*$/, '');
  return answeredWithoutModel.has(path.length > 1 ? path.replace(/\/+$/, '') : path);
}

/** The script starts `ollama serve` before anything that could take long (a wrapper that pulls models after it keeps the server answering). */
function scriptServesFirst(script: string): boolean {
  const at = ollamaServe.exec(script);
  if (!at) {
    return false;
  }
  return script
    .slice(0, at.index)
    .split(/[;&|\n]+/)
    .every((step) => {
      const program = step.trim().split(/\s+/)[0] ?? '';
      return program === '' || quickCommands.has(program);
    });
}

/** The container's main process is Ollama's server: the image's own entry point (`ollama serve`), or a command that starts it first. */
function runsOllamaServerFirst(view: YamlView, container: Node, repo: string): boolean {
  const command = view.list(view.get(container, 'command')).map((n) => view.str(n) ?? '');
  const args = view.list(view.get(container, 'args')).map((n) => view.str(n) ?? '');
  if (view.get(container, 'command') === undefined) {
    return ollamaRepository.test(repo) && (args.length === 0 || (args.length === 1 && args[0] === 'serve'));
  }
  const words = [...command, ...args];
  const program = words[0] ?? '';
  if (/^(?:\S*\/)?(?:ba|da)?sh$/.test(program)) {
    const flag = words.findIndex((w, k) => k > 0 && /^-\w*c\w*$/.test(w));
    return flag > 0 && scriptServesFirst(words.slice(flag + 1).join(' '));
  }
  return scriptServesFirst(words.join(' '));
}

/**
 * `ollama serve` answers HTTP as soon as it listens and loads a model only when a request asks for it, so a liveness
 * probe on a route that needs no model (or on the port) cannot kill a model load; models pulled after the server
 * started (a wrapper's `ollama serve & ollama pull …`, a postStart hook) download while it keeps answering.
 */
export function ollamaProbeNeedsNoModel(view: YamlView, container: Node, repo: string, probe: Node): boolean {
  return probesServerOnly(view, probe) && runsOllamaServerFirst(view, container, repo);
}
