import { basename } from '../dockerfile/shell';
import type { ComposeService } from './model';
import { mergedGet } from './model';
import type { ComposeContext } from './rule';
import { serviceBuiltStart } from './built-start';
import { shellWords } from './gpu-programs';

/**
 * Programs that serve a model from one process (threads, no DataLoader workers, no NCCL): llama.cpp's `llama-server`,
 * KoboldCpp, Hugging Face's text-embeddings-router (TEI) and Infinity's `infinity_emb`, the commands of the images
 * on the single-process server list (single-process-servers.ts).
 */
const serverPrograms = new Set(['llama-server', 'koboldcpp', 'koboldcpp.py', 'text-embeddings-router', 'infinity_emb']);

/**
 * The words start a single-process model server: one of serverPrograms, `ollama serve`, or llama-cpp-python's
 * OpenAI-compatible server (`python3 -m llama_cpp.server`).
 */
export function startsSingleProcessServer(words: readonly string[]): boolean {
  return words.some((w, k) => {
    const program = basename(w.replace(/^["']+|["';]+$/g, ''));
    const next = words[k + 1] ?? '';
    return serverPrograms.has(program) || (program === 'ollama' && next === 'serve') || (w === '-m' && next === 'llama_cpp.server');
  });
}

const shellRe = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh$/;

/** A command that only runs a script file (`/bin/sh /cuda/run.sh`, `./start.sh`), whose text the linter does not read. */
function runsScriptFile(words: readonly string[]): boolean {
  const script = shellRe.test(words[0] ?? '') ? words.slice(1) : words;
  return script.length === 1 && /\.(?:sh|bash)$/.test(script[0] ?? '');
}

/** What a service built here starts, by the Dockerfile the caller read: the repository of its base image and the words it starts. */
export interface BuiltSigns {
  /** The base image's repository (`abetlen/llama-cpp-python` behind `ARG IMAGE=…` and `FROM ${IMAGE}`), as a name of the service. */
  names: string[];
  /** The words of the commands its image starts, where the service leaves them to the image. */
  words: string[];
}

/**
 * The signs of the image a service builds (serviceBuiltStart): its base image's repository, and the commands of its
 * ENTRYPOINT and CMD when the service sets neither `entrypoint:` nor `command:`, or only a `command:` that runs a script
 * file (`/bin/sh /cuda/run.sh` in an image whose CMD starts llama-cpp-python's server): such a wrapper prepares and starts
 * what the image was built to run.
 */
export function builtSigns(ctx: ComposeContext, service: ComposeService): BuiltSigns {
  const built = serviceBuiltStart(ctx, service);
  if (built === undefined) {
    return { names: [], words: [] };
  }
  const view = ctx.view;
  const command = mergedGet(view, service, 'command');
  const commandWords = view.seq(command) ? view.items(command).map((i) => view.str(i) ?? '') : shellWords(view.str(command) ?? '');
  const leftToImage = mergedGet(view, service, 'entrypoint') === undefined && (command === undefined || runsScriptFile(commandWords));
  return { names: built.baseRepository !== undefined ? [built.baseRepository] : [], words: leftToImage ? built.commands.flat() : [] };
}
