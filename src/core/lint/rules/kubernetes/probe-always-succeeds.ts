import type { Node } from 'yaml';
import type { CommandWord } from '../../command-words';
import { commandWords } from '../../command-words';
import type { YamlView } from '../../yaml/access';

/** Programs that exit 0 whatever their arguments, run by the kubelet directly or by a shell. */
const succeedingPrograms = new Set(['true', '/bin/true', '/usr/bin/true', 'echo', '/bin/echo', '/usr/bin/echo']);

const shellRe = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh$/;

/** One command of a script that always exits 0: a succeeding program, the `:` builtin, or `exit 0`. */
function succeeds(words: readonly string[]): boolean {
  const program = words[0] ?? '';
  return succeedingPrograms.has(program) || program === ':' || (program === 'exit' && words.length === 2 && words[1] === '0');
}

/** Every command of the script words (split on `;`, `&&`, `||`, `|`, `&`) always exits 0; false for an empty script. */
function scriptSucceeds(words: readonly CommandWord[]): boolean {
  const commands: string[][] = [[]];
  for (const word of words) {
    if (word.separator) {
      commands.push([]);
    } else {
      commands[commands.length - 1]?.push(word.text);
    }
  }
  const written = commands.filter((c) => c.length > 0);
  return written.length > 0 && written.every(succeeds);
}

/** The item holding the script of `sh|bash [flags] -c SCRIPT`, when the command is one. */
function shellScriptItem(view: YamlView, items: readonly Node[]): Node | undefined {
  if (!shellRe.test(view.str(items[0]) ?? '')) {
    return undefined;
  }
  for (let k = 1; k < items.length; k++) {
    const flag = view.str(items[k]) ?? '';
    if (!flag.startsWith('-')) {
      return undefined;
    }
    if (/^-\w*c\w*$/.test(flag)) {
      return items[k + 1];
    }
  }
  return undefined;
}

const shown = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/**
 * The command of an exec probe that can never fail, as written (`echo success`, the script of `sh -c "echo success"`):
 * `true`, `echo …`, and in a shell script also `:` and `exit 0`. Undefined for any other probe, and for a command the
 * kubelet cannot even start (`["echo ok"]`, `[":"]`: no such program), which always fails.
 */
export function alwaysSucceedingCommand(view: YamlView, probe: Node | undefined): string | undefined {
  const items = view.list(view.get(view.get(probe, 'exec'), 'command'));
  const script = shellScriptItem(view, items);
  if (script !== undefined) {
    const text = view.str(script);
    return text !== undefined && scriptSucceeds(commandWords(view, [[script]])) ? shown(text.trim()) : undefined;
  }
  return succeedingPrograms.has(view.str(items[0]) ?? '') ? shown(items.map((i) => view.str(i) ?? '').join(' ')) : undefined;
}

/** The container's probe of that kind exists and can fail: any handler but an exec that alwaysSucceeds. */
export function probeCanFail(view: YamlView, container: Node, key: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): boolean {
  const probe = view.get(container, key);
  return probe !== undefined && alwaysSucceedingCommand(view, probe) === undefined;
}
