import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { envEntries, imageRef } from './helpers';

/** Variables naming models LocalAI installs, preloads or loads into memory before its server listens. */
const startupModelVariables = new Set([
  'MODELS', 'LOCALAI_MODELS', 'PRELOAD_MODELS', 'LOCALAI_PRELOAD_MODELS', 'PRELOAD_MODELS_CONFIG', 'LOCALAI_PRELOAD_MODELS_CONFIG', 'LOAD_TO_MEMORY', 'LOCALAI_LOAD_TO_MEMORY',
]);

/** A positional word of LocalAI's arguments (not a flag, nor a flag's value, nor the `run` subcommand): a model it installs at start. */
function namesModel(words: readonly string[]): boolean {
  return words.some((w, k) => w !== '' && !w.startsWith('-') && w !== 'run' && (k === 0 || !(words[k - 1] as string).startsWith('-')));
}

/**
 * LocalAI installs the models its arguments and variables name, and loads those it is told to keep in memory, before its
 * HTTP server listens; the all-in-one (`aio`) images name theirs. Otherwise it loads a model at the first request for it.
 */
export function localAiLoadsModelsAtStart(view: YamlView, container: Node, image: string): boolean {
  if (envEntries(view, container).some((e) => startupModelVariables.has(e.name) && e.value !== '')) {
    return true;
  }
  const parsed = imageRef(image);
  if (parsed.ok && /(?:^|-)aio(?:-|$)/.test(parsed.ref.tag ?? '')) {
    return true;
  }
  const args = view.list(view.get(container, 'args')).map((n) => view.str(n) ?? '');
  return view.get(container, 'command') === undefined && namesModel(args);
}
