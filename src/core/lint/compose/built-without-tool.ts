import { ancestry, buildModel } from '../dockerfile/semantic';
import type { BuiltWithoutTool } from '../dockerfile/tool-providers';
import { stageWithoutTool } from '../dockerfile/tool-providers';
import type { HttpTool } from '../dockerfile/tool-less-images';
import type { BuiltDockerfiles } from './built-dockerfiles';
import { serviceBuild } from './built-dockerfiles';
import type { ComposeService } from './model';
import { mergedGet } from './model';
import type { ComposeContext } from './rule';

/** A service's image built without the tool, and the Dockerfile (relative to the Compose file) that builds it. */
export interface ServiceWithoutTool extends BuiltWithoutTool {
  dockerfile: string;
}

/** What a Dockerfile's built stage lacks, and whether a variable names its base image (`FROM ${BASE_IMAGE}`). */
interface Lack {
  lack?: BuiltWithoutTool;
  variableBase?: boolean;
}

/** What each set of Dockerfiles was found to lack, by path, target and tool: services often build the same one. */
const lacksRead = new WeakMap<BuiltDockerfiles, Map<string, Lack>>();

function readLack(text: string, target: string | undefined, tool: HttpTool): Lack {
  const model = buildModel(text, target !== undefined ? { target } : {});
  const stage = model.finalStage;
  if (!stage || (target !== undefined && stage.name?.toLowerCase() !== target.toLowerCase())) {
    return {};
  }
  const lack = stageWithoutTool(stage, tool);
  return lack ? { lack, variableBase: ancestry(stage).pop()?.imageWord?.value.includes('$') === true } : {};
}

/**
 * The image the service builds has no `tool` (stageWithoutTool on its Dockerfile's built stage), when the caller read
 * that Dockerfile (see BuiltDockerfiles). Undefined when `build.args` is set and the base image is a variable: the
 * args may name another base.
 */
export function serviceBuiltWithoutTool(ctx: ComposeContext, service: ComposeService, tool: HttpTool): ServiceWithoutTool | undefined {
  const files = ctx.builtDockerfiles;
  const build = files === undefined ? undefined : serviceBuild(ctx.view, service);
  const text = build === undefined ? undefined : files?.get(build.path);
  if (files === undefined || build === undefined || text === undefined) {
    return undefined;
  }
  let read = lacksRead.get(files);
  if (read === undefined) {
    read = new Map();
    lacksRead.set(files, read);
  }
  const key = `${build.path}\0${build.target ?? ''}\0${tool}`;
  const found = read.get(key) ?? readLack(text, build.target, tool);
  read.set(key, found);
  const args = ctx.view.get(mergedGet(ctx.view, service, 'build'), 'args');
  return found.lack && !(found.variableBase && args !== undefined) ? { ...found.lack, dockerfile: build.path } : undefined;
}
