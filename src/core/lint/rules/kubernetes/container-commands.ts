import type { Node } from 'yaml';
import { shellScriptArgument } from '../../dockerfile/exec-always-succeeds';
import { MappedText } from '../../dockerfile/mapped-text';
import { splitShell } from '../../dockerfile/shell';
import type { YamlView } from '../../yaml/access';

/** The script of `sh|bash [flags] -c SCRIPT`, when the words are such a command. */
function shellScript(argv: readonly string[]): string | undefined {
  const at = shellScriptArgument(argv)?.at;
  return at !== undefined ? argv[at] : undefined;
}

/** The container's command and args as the kubelet passes them (a non-string item as an empty word). */
function containerArgv(view: YamlView, container: Node): string[] {
  return [...view.list(view.get(container, 'command')), ...view.list(view.get(container, 'args'))].map((item) => view.str(item) ?? '');
}

/** The script the container gives a shell (`command: [sh, -c]`, `args: [SCRIPT]`), if it gives one. */
export function containerShellScript(view: YamlView, container: Node): string | undefined {
  return shellScript(containerArgv(view, container));
}

/**
 * The commands a container runs, each as its words: its command and args as the kubelet passes them (an empty item is an
 * empty word), or the simple commands of the script it gives a shell (`sh -c "jupyter lab --ServerApp.token=''"`), split
 * as the shell splits them, quotes taken off and empty words (`''`) kept.
 */
export function containerCommands(view: YamlView, container: Node): string[][] {
  const argv = containerArgv(view, container);
  const script = shellScript(argv);
  if (script === undefined) {
    return [argv];
  }
  return splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands.map((c) => c.words.map((w) => w.value));
}
