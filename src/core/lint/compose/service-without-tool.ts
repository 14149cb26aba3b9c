import { parseImageRef } from '../dockerfile/image-ref';
import type { HttpTool, ToolLessImage } from '../dockerfile/tool-less-images';
import { lacksTool, toolLessImage } from '../dockerfile/tool-less-images';
import type { YamlView } from '../yaml/access';
import { serviceBuiltWithoutTool } from './built-without-tool';
import { serviceImage } from './image';
import type { ComposeService } from './model';
import { mergedGet, mergedKeys } from './model';
import type { ComposeContext } from './rule';

/** The image a service runs lacks the tool: which image, and where the tool would be installed. */
export interface ServiceMissingTool {
  image: ToolLessImage;
  described: string;
  where: string;
}

/** A pulled image from the table (toolLessImage), written without a variable left unknown. */
function pulledWithoutTool(view: YamlView, s: ComposeService, tool: HttpTool): ServiceMissingTool | undefined {
  const image = serviceImage(view, s);
  const ref = image === undefined || image.includes('$') ? undefined : parseImageRef(image);
  const known = ref?.ok ? toolLessImage(ref.ref) : undefined;
  return known && lacksTool(known, tool) ? { image: known, described: `the image ${image}`, where: `in an image built FROM ${image}` } : undefined;
}

function missingTool(ctx: ComposeContext, s: ComposeService, tool: HttpTool): ServiceMissingTool | undefined {
  if (mergedGet(ctx.view, s, 'build') === undefined) {
    return pulledWithoutTool(ctx.view, s, tool);
  }
  const built = serviceBuiltWithoutTool(ctx, s, tool);
  return built && { image: built.image, described: `the image built from ${built.dockerfile} (FROM ${built.base}, and nothing after that FROM installs it)`, where: `in ${built.dockerfile}` };
}

function collectStrings(view: YamlView, node: unknown, depth: number, out: string[]): void {
  const text = view.str(node);
  if (text !== undefined || depth > 8) {
    out.push(text ?? '');
    return;
  }
  view.items(node).forEach((item) => collectStrings(view, item, depth + 1, out));
  for (const [key, pair] of view.entries(node)) {
    out.push(key);
    collectStrings(view, pair.value, depth + 1, out);
  }
}

/**
 * The service may bring the tool in itself: a setting other than its healthcheck names it (a command that installs it,
 * a volume that mounts it), mounts a bin folder, or starts a script file that may install it.
 */
function bringsTool(view: YamlView, s: ComposeService, tool: HttpTool): boolean {
  const word = new RegExp(`\\b${tool}\\b`);
  for (const key of mergedKeys(view, s)) {
    const texts: string[] = [];
    collectStrings(view, mergedGet(view, s, key), 0, texts);
    if (key !== 'healthcheck' && texts.some((t) => word.test(t))) {
      return true;
    }
    if (key === 'volumes' && texts.some((t) => /(?:^|\/)s?bin(?:\/|:|$)/.test(t))) {
      return true;
    }
    if ((key === 'entrypoint' || key === 'command' || key === 'post_start') && texts.some((t) => /\.sh\b|\b(?:apt-get|apt|apk|dnf|yum|microdnf)\b/.test(t))) {
      return true;
    }
  }
  return false;
}

/**
 * The container the service runs has no `tool`: its image is one known to lack it (pulled, or built from a Dockerfile
 * the caller read, see serviceBuiltWithoutTool), and none of its settings may bring it in (bringsTool).
 */
export function serviceWithoutTool(ctx: ComposeContext, s: ComposeService, tool: HttpTool): ServiceMissingTool | undefined {
  const missing = missingTool(ctx, s, tool);
  return missing && !bringsTool(ctx.view, s, tool) ? missing : undefined;
}
