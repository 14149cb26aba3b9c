import type { Node } from 'yaml';
import type { ComposeService } from '../../compose/model';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import { serviceWithoutTool } from '../../compose/service-without-tool';
import { addedCheck, composeTest } from '../../dockerfile/added-check';
import { statusBlindFix, statusBlindReason } from '../../dockerfile/status-blind-call';
import type { RuleFinding } from '../../types';
import { healthyWaiters, listed, ownTest } from './healthcheck-tests';
import { finding, portEntries, services } from './helpers';
import type { NoopTest } from './noop-healthcheck';
import { noopTest } from './noop-healthcheck';
import type { StatusBlindCheck } from './status-blind-check';
import { statusBlindCheck } from './status-blind-check';

/** A check of the server at the service's first published port, with curl unless the image is known to lack it (as MLC007's template). */
function serverCheck(ctx: ComposeContext, s: ComposeService): string {
  const port = portEntries(ctx.view, s).find((p) => p.container !== undefined && p.protocol === 'tcp')?.container?.[0] ?? '<port>';
  const missing = serviceWithoutTool(ctx, s, 'curl');
  const check = addedCheck(missing?.image, `http://localhost:${port}/`);
  if (!missing) {
    return `check the server itself (${composeTest(check)})`;
  }
  const uses = check ? check.uses : 'a program the image has';
  return `check the server itself with ${uses}, as ${missing.described} has no curl${check ? ` (${composeTest(check)})` : ''}`;
}

function advice(ctx: ComposeContext, s: ComposeService, noop: NoopTest, waiters: readonly string[]): string {
  if (noop.fallback) {
    return `end the check with || exit 1 instead of || ${noop.fallback.words.map((w) => w.value).join(' ')}`;
  }
  if (!noop.checksNothing) {
    return 'make a failed check fail the test: end it with || exit 1, not with a command that always succeeds';
  }
  const none = waiters.length > 0 ? `let ${listed(waiters)} wait with condition: service_started and remove the healthcheck` : 'remove it';
  return `${serverCheck(ctx, s)}, or, if there is nothing to check, ${none}`;
}

/** The finding for a check that passes on any HTTP answer (statusBlindCheck); `misled` names the dependents that start too early. */
function blindMessage(name: string, blind: StatusBlindCheck, misled: string): string {
  return `Service "${name}"'s healthcheck ignores the HTTP status (${statusBlindReason(blind)}), so Docker marks it healthy while its server is still loading or failing${misled}; ${statusBlindFix(blind)}.`;
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
    description: 'A service healthcheck whose test always exits 0 (`curl -f … || true`, `|| exit 0`, `["CMD", "true"]`), or exits 0 on any HTTP answer (curl without -f, Python requests without raise_for_status()), so the service is reported healthy while its server is down or still loading and service_healthy dependents start anyway.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    // A test shared through an anchor is reported once, for the first service that runs it.
    const seen = new Set<Node>();
    for (const s of services(ctx)) {
      const test = ownTest(view, s);
      const noop = test && !seen.has(test) ? noopTest(view, test) : undefined;
      const blind = test && !noop && !seen.has(test) ? statusBlindCheck(view, test) : undefined;
      const range = noop?.edit?.range ?? (noop ? view.lineRange(noop.node) : blind ? view.lineRange(blind.node) : undefined);
      if (!test || (!noop && !blind) || !range) {
        continue;
      }
      seen.add(test);
      const waiters = healthyWaiters(ctx, s.name);
      const misled = waiters.length > 0 ? `, and ${listed(waiters)} (depends_on condition: service_healthy) ${waiters.length === 1 ? 'starts' : 'start'} without it` : '';
      if (blind) {
        out.push(finding(range, blindMessage(s.name, blind, misled), blind.edit ? { title: 'Add -f (fail on HTTP errors)', edits: [blind.edit] } : undefined));
        continue;
      }
      if (!noop) {
        continue;
      }
      const message = `Service "${s.name}"'s healthcheck always succeeds (${noop.shown}), so Docker marks it healthy while its server is down${misled}; ${advice(ctx, s, noop, waiters)}.`;
      out.push(finding(range, message, noop.edit ? { title: 'End the check with || exit 1', edits: [noop.edit] } : undefined));
    }
    return out;
  },
};
