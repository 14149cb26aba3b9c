import type { Node } from 'yaml';
import { shellScriptArgument, shownCommand, shownScript } from '../../dockerfile/exec-always-succeeds';
import { MappedText } from '../../dockerfile/mapped-text';
import type { AlwaysSucceeds } from '../../dockerfile/script-always-succeeds';
import { alwaysSucceeding, succeedingPrograms } from '../../dockerfile/script-always-succeeds';
import { splitShell } from '../../dockerfile/shell';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';

/** A healthcheck test that always succeeds, and the node that holds its script (or its program). */
export interface NoopTest extends AlwaysSucceeds {
  node: Node;
  shown: string;
  /** Replaces the fallback (`true` in `… || true`) with `exit 1` where the scalar spells it as Docker reads it. */
  edit?: TextEdit;
}

/**
 * The script a test hands `/bin/sh -c` (CMD-SHELL, or the string form, which Compose runs as CMD-SHELL), or the one
 * `CMD sh -c …` gives its shell, with the shell's errexit; else the program of a CMD test, which runs without a shell.
 */
export function testCommand(view: YamlView, test: Node): { node: Node; script?: string; errexit: boolean; argv: string[] } | undefined {
  const text = view.str(test);
  if (text !== undefined) {
    return { node: test, script: text, errexit: false, argv: [] };
  }
  const items = view.items(test);
  const words = items.map((i) => view.str(i));
  const [kind, ...argv] = words;
  if (words.some((w) => w === undefined) || items.length < 2) {
    return undefined;
  }
  if (kind === 'CMD-SHELL') {
    return { node: items[1] as Node, script: argv[0], errexit: false, argv: [] };
  }
  const shell = kind === 'CMD' ? shellScriptArgument(argv as string[]) : undefined;
  if (shell) {
    return { node: items[shell.at + 1] as Node, script: argv[shell.at], errexit: shell.errexit, argv: [] };
  }
  return kind === 'CMD' ? { node: items[1] as Node, errexit: false, argv: argv as string[] } : undefined;
}

/** The source offset of the scalar's text `tail` when the scalar ends with it as written (quotes and trailing blanks aside). */
function tailOffset(view: YamlView, node: Node, tail: string): number | undefined {
  const r = node.range;
  const source = r ? view.file.text.slice(r[0], r[1]) : '';
  const at = source.lastIndexOf(tail);
  const before = source[at - 1] ?? '';
  return r && at > 0 && /[\s|]/.test(before) && /^["']?\s*$/.test(source.slice(at + tail.length)) ? r[0] + at : undefined;
}

function fallbackEdit(view: YamlView, node: Node, script: string, verdict: AlwaysSucceeds): TextEdit | undefined {
  const words = verdict.fallback?.words ?? [];
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last || script.slice(last.end).trim() !== '') {
    return undefined;
  }
  const tail = script.slice(first.start, last.end);
  const at = tailOffset(view, node, tail);
  if (at === undefined) {
    return undefined;
  }
  const s = view.file.lineCounter.linePos(at);
  const e = view.file.lineCounter.linePos(at + tail.length);
  return { range: { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } }, newText: 'exit 1' };
}

/**
 * The healthcheck test when it always succeeds (`["CMD-SHELL", "curl -f … || true"]`, `curl … || exit 0`, `["CMD",
 * "true"]`). A `${VAR}` is never taken for a command that succeeds: Compose substitutes it first.
 */
export function noopTest(view: YamlView, test: Node): NoopTest | undefined {
  const command = testCommand(view, test);
  if (!command) {
    return undefined;
  }
  if (command.script === undefined) {
    return succeedingPrograms.has(command.argv[0] ?? '') ? { node: command.node, checksNothing: true, shown: shownCommand(command.argv.join(' ')) } : undefined;
  }
  // `$$` is Compose's escape for a `$` the shell gets.
  const script = command.script.replace(/\$\$/g, '$');
  const verdict = alwaysSucceeding(splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands, command.errexit);
  if (!verdict) {
    return undefined;
  }
  const edit = fallbackEdit(view, command.node, script, verdict);
  return { ...verdict, node: command.node, shown: shownScript(command.script), ...(edit ? { edit } : {}) };
}
