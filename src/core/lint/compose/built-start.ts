import { baseRef, buildModel } from '../dockerfile/semantic';
import { startCommands } from '../dockerfile/start-commands';
import type { YamlView } from '../yaml/access';
import type { BuiltDockerfiles } from './built-dockerfiles';
import { serviceBuild } from './built-dockerfiles';
import { composeValue } from './image';
import type { ComposeService } from './model';
import { mergedGet } from './model';
import type { ComposeContext } from './rule';

/** How a container of the image a service builds starts, as far as its Dockerfile shows it. */
export interface BuiltStart {
  /** The repository of the external image its built stage starts from (`abetlen/llama-cpp-python`), an ARG default or build arg resolved; undefined when not known. */
  baseRepository?: string;
  /** That base image's tag (`rocm6.1_ubuntu22.04_py3.10_pytorch_2.1.2`), when it names one. */
  baseTag?: string;
  /** The commands its ENTRYPOINT and CMD start, each as its words (startCommands); empty when it sets none. */
  commands: readonly (readonly string[])[];
}

/**
 * The service's `build.args` (map or `NAME=value` list) as Compose reads them. A value left to a variable without a
 * default stays as written, so a base image named by it reads as unknown.
 */
function buildArgs(view: YamlView, service: ComposeService): Record<string, string> {
  const args = view.get(mergedGet(view, service, 'build'), 'args');
  const out: Record<string, string> = {};
  for (const p of view.pairs(args)) {
    const name = view.keyOf(p);
    const value = view.str(p.value);
    if (name !== undefined && value !== undefined) {
      out[name] = composeValue(view, value);
    }
  }
  for (const item of view.items(args)) {
    const text = view.str(item) ?? '';
    const eq = text.indexOf('=');
    if (eq > 0) {
      out[text.slice(0, eq)] = composeValue(view, text.slice(eq + 1));
    }
  }
  return out;
}

function readStart(text: string, target: string | undefined, args: Record<string, string>): BuiltStart | undefined {
  const model = buildModel(text, { buildArgs: args, ...(target !== undefined ? { target } : {}) });
  const stage = model.finalStage;
  if (stage === undefined || (target !== undefined && stage.name?.toLowerCase() !== target.toLowerCase())) {
    return undefined;
  }
  const base = baseRef(stage)?.ref;
  return { ...(base !== undefined ? { baseRepository: base.path } : {}), ...(base?.tag !== undefined ? { baseTag: base.tag } : {}), commands: startCommands(stage).map((words) => words.map((w) => w.value)) };
}

/** What was read from each set of Dockerfiles, by path, target and build args: services often build the same one. */
const startsRead = new WeakMap<BuiltDockerfiles, Map<string, BuiltStart | undefined>>();

/** How the image a service builds starts (BuiltStart), when the caller read its Dockerfile (see BuiltDockerfiles); undefined otherwise. */
export function serviceBuiltStart(ctx: ComposeContext, service: ComposeService): BuiltStart | undefined {
  const files = ctx.builtDockerfiles;
  const build = files === undefined ? undefined : serviceBuild(ctx.view, service);
  const text = build === undefined ? undefined : files?.get(build.path);
  if (files === undefined || build === undefined || text === undefined) {
    return undefined;
  }
  let read = startsRead.get(files);
  if (read === undefined) {
    read = new Map();
    startsRead.set(files, read);
  }
  const args = buildArgs(ctx.view, service);
  const key = `${build.path}\0${build.target ?? ''}\0${JSON.stringify(args)}`;
  if (!read.has(key)) {
    read.set(key, readStart(text, build.target, args));
  }
  return read.get(key);
}
