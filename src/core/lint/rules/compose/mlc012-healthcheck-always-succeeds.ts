import type { Node } from 'yaml';
import type { ComposeService } from '../../compose/model';
import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { healthyWaiters, listed, ownTest } from './healthcheck-tests';
import { finding, portEntries, services } from './helpers';
import type { NoopTest } from './noop-healthcheck';
import { noopTest } from './noop-healthcheck';

function advice(view: YamlView, s: ComposeService, noop: NoopTest, waiters: readonly string[]): string {
  if (noop.fallback) {
    return `end the check with || exit 1 instead of || ${noop.fallback.words.map((w) => w.value).join(' ')}`;
  }
  if (!noop.checksNothing) {
    return 'make a failed check fail the test: end it with || exit 1, not with a command that always succeeds';
  }
  const port = portEntries(view, s).find((p) => p.container !== undefined && p.protocol === 'tcp')?.container?.[0] ?? '<port>';
  const none = waiters.length > 0 ? `let ${listed(waiters)} wait with condition: service_started and remove the healthcheck` : 'remove it';
  return `check the server itself (["CMD-SHELL", "curl -fsS http://localhost:${port}/ || exit 1"]), or, if there is nothing to check, ${none}`;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC012',
    name: 'healthcheck-always-succeeds',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'A service healthcheck whose test always exits 0 (`curl -f … || true`, `|| exit 0`, `["CMD", "true"]`), so the service is reported healthy while its server is down and service_healthy dependents start anyway.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    // A test shared through an anchor is reported once, for the first service that runs it.
    const seen = new Set<Node>();
    for (const s of services(ctx)) {
      const test = ownTest(view, s);
      const noop = test && !seen.has(test) ? noopTest(view, test) : undefined;
      const range = noop?.edit?.range ?? (noop ? view.lineRange(noop.node) : undefined);
      if (!test || !noop || !range) {
        continue;
      }
      seen.add(test);
      const waiters = healthyWaiters(ctx, s.name);
      const misled = waiters.length > 0 ? `, and ${listed(waiters)} (depends_on condition: service_healthy) ${waiters.length === 1 ? 'starts' : 'start'} without it` : '';
      const message = `Service "${s.name}"'s healthcheck always succeeds (${noop.shown}), so Docker marks it healthy while its server is down${misled}; ${advice(view, s, noop, waiters)}.`;
      out.push(finding(range, message, noop.edit ? { title: 'End the check with || exit 1', edits: [noop.edit] } : undefined));
    }
    return out;
  },
};
