import type { Node } from 'yaml';
import { serviceBuiltWithoutTool } from '../../compose/built-without-tool';
import { serviceImage } from '../../compose/image';
import type { ComposeService } from '../../compose/model';
import { mergedGet, mergedKeys } from '../../compose/model';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import { execForm, toolAdvice } from '../../dockerfile/healthcheck-alternatives';
import type { ToolCall } from '../../dockerfile/http-tool-check';
import { argvToolCall, checkedUrl, scriptToolCall } from '../../dockerfile/http-tool-check';
import { parseImageRef } from '../../dockerfile/image-ref';
import { MappedText } from '../../dockerfile/mapped-text';
import { splitShell } from '../../dockerfile/shell';
import type { HttpTool, ToolLessImage } from '../../dockerfile/tool-less-images';
import { lacksTool, toolLessImage } from '../../dockerfile/tool-less-images';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { healthyWaiters, listed, ownTest } from './healthcheck-tests';
import { finding, services } from './helpers';
import { testCommand } from './noop-healthcheck';

/** The image a service runs lacks the tool: which image, and where the tool would be installed. */
interface Missing {
  image: ToolLessImage;
  described: string;
  where: string;
}

/** The test runs curl or wget first, failing whenever it cannot start (scriptToolCall), and the node that says so. */
function testToolCall(view: YamlView, test: Node): { call: ToolCall; node: Node } | undefined {
  const command = testCommand(view, test);
  if (!command) {
    return undefined;
  }
  // `$$` is Compose's escape for a `$` the shell gets.
  const script = command.script?.replace(/\$\$/g, '$');
  const call = script === undefined ? argvToolCall(command.argv) : scriptToolCall(splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands);
  return call ? { call, node: command.node } : undefined;
}

/** A pulled image from the table (toolLessImage), written without a variable left unknown. */
function pulledWithoutTool(view: YamlView, s: ComposeService, tool: HttpTool): Missing | undefined {
  const image = serviceImage(view, s);
  const ref = image === undefined || image.includes('$') ? undefined : parseImageRef(image);
  const known = ref?.ok ? toolLessImage(ref.ref) : undefined;
  return known && lacksTool(known, tool) ? { image: known, described: `the image ${image}`, where: `in an image built FROM ${image}` } : undefined;
}

function missingTool(ctx: ComposeContext, s: ComposeService, tool: HttpTool): Missing | undefined {
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

export const rule: ComposeRule = {
  meta: {
    id: 'MLC013',
    name: 'healthcheck-tool-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description:
      'A service healthcheck runs curl or wget in an image known to have none (ollama/ollama, python and node `-slim`, Alpine for curl, debian, ubuntu, distroless, or a workspace Dockerfile built on one that installs nothing of the kind), so the container is always unhealthy and service_healthy dependents never start.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    // A test shared through an anchor is reported once, for the first service it fails in.
    const seen = new Set<Node>();
    for (const s of services(ctx)) {
      const test = s.fragment ? undefined : ownTest(view, s);
      const read = test && !seen.has(test) ? testToolCall(view, test) : undefined;
      const missing = read ? missingTool(ctx, s, read.call.tool) : undefined;
      const range = read ? view.range(read.node) : undefined;
      if (!test || !read || !missing || !range || bringsTool(view, s, read.call.tool)) {
        continue;
      }
      seen.add(test);
      const tool = read.call.tool;
      const waiters = healthyWaiters(ctx, s.name);
      const blocked =
        waiters.length > 0 ? ` and ${listed(waiters)} (depends_on condition: service_healthy) never ${waiters.length === 1 ? 'starts' : 'start'}` : ', and a service waiting for it with condition: service_healthy would never start';
      const advice = toolAdvice(missing.image, tool, checkedUrl(read.call), missing.where, (argv) => execForm(['CMD', ...argv]));
      const message = `Service "${s.name}"'s healthcheck runs ${tool}, which ${missing.described} does not have, so the check always fails: Docker marks the container unhealthy${blocked}; ${advice}.`;
      out.push(finding(range, message));
    }
    return out;
  },
};
