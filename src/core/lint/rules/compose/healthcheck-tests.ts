import type { Node } from 'yaml';
import type { ComposeService } from '../../compose/model';
import { fileMergedGet, mergedAt, mergedGet } from '../../compose/model';
import type { ComposeContext } from '../../compose/rule';
import type { YamlView } from '../../yaml/access';
import { dependencies, services } from './helpers';

/** The services that wait for `name` with `condition: service_healthy`, quoted. */
export function healthyWaiters(ctx: ComposeContext, name: string): string[] {
  const view = ctx.view;
  return services(ctx)
    .filter((s) => dependencies(view, s).some((d) => d.name === name && view.text(d.value, 'condition') === 'service_healthy'))
    .map((s) => `"${s.name}"`);
}

/** The test this file writes for the service, unless the healthcheck is disabled or an override file replaces the test. */
export function ownTest(view: YamlView, s: ComposeService): Node | undefined {
  const test = mergedGet(view, fileMergedGet(view, s, 'healthcheck'), 'test');
  const disabled = view.scalar(mergedAt(view, s, ['healthcheck', 'disable']))?.value === true;
  return test !== undefined && !disabled && mergedAt(view, s, ['healthcheck', 'test']) === test ? test : undefined;
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function listed(names: readonly string[]): string {
  return names.length === 1 ? (names[0] as string) : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
