import type { Node } from 'yaml';
import { MappedText } from '../../dockerfile/mapped-text';
import { splitShell } from '../../dockerfile/shell';
import type { YamlView } from '../../yaml/access';

const shellRe = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh$/;

/** The script of `sh|bash [flags] -c SCRIPT`, when the words are such a command. */
function shellScript(argv: readonly string[]): string | undefined {
  if (!shellRe.test(argv[0] ?? '')) {
    return undefined;
  }
  const c = argv.findIndex((w, k) => k > 0 && /^-\w*c\w*$/.test(w));
  return c > 0 && argv.slice(1, c).every((w) => w.startsWith('-')) ? argv[c + 1] : undefined;
}

/**
 * The commands a container runs, each as its words: its command and args as the kubelet passes them (an empty item is an
 * empty word), or the simple commands of the script it gives a shell (`sh -c "jupyter lab --ServerApp.token=''"`), split
 * as the shell splits them, quotes taken off and empty words (`''`) kept.
 */
export function containerCommands(view: YamlView, container: Node): string[][] {
  const argv = [...view.list(view.get(container, 'command')), ...view.list(view.get(container, 'args'))].map((item) => view.str(item) ?? '');
  const script = shellScript(argv);
  if (script === undefined) {
    return [argv];
  }
  return splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands.map((c) => c.words.map((w) => w.value));
}
