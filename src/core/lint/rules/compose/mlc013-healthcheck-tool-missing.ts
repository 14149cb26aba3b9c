import type { Node } from 'yaml';
import type { ComposeRule } from '../../compose/rule';
import { serviceWithoutTool } from '../../compose/service-without-tool';
import { execForm, toolAdvice } from '../../dockerfile/healthcheck-alternatives';
import type { ToolCall } from '../../dockerfile/http-tool-check';
import { argvToolCall, checkedUrl, scriptToolCall } from '../../dockerfile/http-tool-check';
import { MappedText } from '../../dockerfile/mapped-text';
import { splitShell } from '../../dockerfile/shell';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { healthyWaiters, listed, ownTest } from './healthcheck-tests';
import { finding, services } from './helpers';
import { testCommand } from './noop-healthcheck';

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
      const missing = read ? serviceWithoutTool(ctx, s, read.call.tool) : undefined;
      const range = read ? view.range(read.node) : undefined;
      if (!test || !read || !missing || !range) {
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
