import type { Node } from 'yaml';
import { alwaysSucceedingArgv } from '../../dockerfile/exec-always-succeeds';
import type { YamlView } from '../../yaml/access';

/**
 * The command of an exec probe that can never fail, as written (`echo success`, the script of `sh -c "echo success"`):
 * see alwaysSucceedingArgv. Undefined for any other probe.
 */
export function alwaysSucceedingCommand(view: YamlView, probe: Node | undefined): string | undefined {
  const items = view.list(view.get(view.get(probe, 'exec'), 'command'));
  // No exec command (most probes, and no probe at all): nothing that could always succeed.
  return items.length === 0 ? undefined : alwaysSucceedingArgv(items.map((i) => view.str(i) ?? ''));
}

/** The container's probe of that kind exists and can fail: any handler but an exec that alwaysSucceeds. */
export function probeCanFail(view: YamlView, container: Node, key: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): boolean {
  const probe = view.get(container, key);
  return probe !== undefined && alwaysSucceedingCommand(view, probe) === undefined;
}
