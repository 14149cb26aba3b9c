import type { Node } from 'yaml';
import { errexitOption } from '../../dockerfile/errexit-option';
import type { YamlView } from '../../yaml/access';
import { scriptAlwaysSucceeds, succeedingPrograms } from './script-always-succeeds';

const shellRe = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh$/;

/** The item holding the script of `sh|bash [flags] -c SCRIPT`, when the command is one, and whether a flag sets errexit (`-ec`). */
function shellScriptItem(view: YamlView, items: readonly Node[]): { script: Node | undefined; errexit: boolean } | undefined {
  if (!shellRe.test(view.str(items[0]) ?? '')) {
    return undefined;
  }
  const flags: string[] = [];
  for (let k = 1; k < items.length; k++) {
    const flag = view.str(items[k]) ?? '';
    if (!flag.startsWith('-')) {
      return undefined;
    }
    flags.push(flag);
    if (/^-\w*c\w*$/.test(flag)) {
      return { script: items[k + 1], errexit: errexitOption(flags) === true };
    }
  }
  return undefined;
}

/** The command on one line, cut at 60 characters. */
function shown(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/**
 * The command of an exec probe that can never fail, as written (`echo success`, the script of `sh -c "echo success"`):
 * `true`, `echo …`, and a shell script that can only exit 0 (`:`, `exit 0`, `curl -f … || true`). Undefined for any
 * other probe, and for a command the kubelet cannot even start (`["echo ok"]`, `[":"]`: no such program), which always fails.
 */
export function alwaysSucceedingCommand(view: YamlView, probe: Node | undefined): string | undefined {
  const items = view.list(view.get(view.get(probe, 'exec'), 'command'));
  const shell = shellScriptItem(view, items);
  if (shell !== undefined) {
    const text = view.str(shell.script);
    return text !== undefined && scriptAlwaysSucceeds(text, shell.errexit) ? shown(text) : undefined;
  }
  return succeedingPrograms.has(view.str(items[0]) ?? '') ? shown(items.map((i) => view.str(i) ?? '').join(' ')) : undefined;
}

/** The container's probe of that kind exists and can fail: any handler but an exec that alwaysSucceeds. */
export function probeCanFail(view: YamlView, container: Node, key: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): boolean {
  const probe = view.get(container, key);
  return probe !== undefined && alwaysSucceedingCommand(view, probe) === undefined;
}
