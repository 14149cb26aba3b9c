import type { Node } from 'yaml';
import { MappedText } from '../../dockerfile/mapped-text';
import { splitShell } from '../../dockerfile/shell';
import type { StatusBlindCall } from '../../dockerfile/status-blind-call';
import { statusBlindArgv, statusBlindScript } from '../../dockerfile/status-blind-call';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { testCommand } from './noop-healthcheck';

/** A healthcheck test that checks an HTTP server but passes on any answer, error statuses included (StatusBlindCall). */
export interface StatusBlindCheck extends StatusBlindCall {
  node: Node;
  /** Adds `-f` after curl, where the test is written plainly enough to do so in place. */
  edit?: TextEdit;
}

/** Inserts `-f` after curl's word in the scalar's source, where that word (`raw`) appears there exactly once. */
function scriptEdit(view: YamlView, node: Node, raw: string): TextEdit | undefined {
  const r = node.range;
  const source = r ? view.file.text.slice(r[0], r[1]) : '';
  const escaped = raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = [...source.matchAll(new RegExp(`(?:^|[\\s"'])${escaped}(?=[ \\t])`, 'g'))];
  if (!r || found.length !== 1 || found[0]?.index === undefined) {
    return undefined;
  }
  const at = r[0] + found[0].index + found[0][0].length;
  const pos = view.file.lineCounter.linePos(at);
  const p = { line: pos.line, column: pos.col };
  return { range: { start: p, end: p }, newText: ' -f' };
}

/** Inserts a `-f` item after curl's item of a flow sequence (`["CMD", "curl", URL]`), quoted as that item is. */
function argvEdit(view: YamlView, test: Node, curlAt: number): TextEdit | undefined {
  const seq = view.seq(test);
  const item = view.items(test)[curlAt];
  const r = item?.range;
  if (!seq?.flow || !item || !r) {
    return undefined;
  }
  const quote = /^["']/.exec(view.file.text.slice(r[0], r[1]))?.[0] ?? '';
  const end = view.file.text.slice(r[0], r[1]).trimEnd().length + r[0];
  const pos = view.file.lineCounter.linePos(end);
  const p = { line: pos.line, column: pos.col };
  return { range: { start: p, end: p }, newText: `, ${quote}-f${quote}` };
}

/**
 * The healthcheck test checks an HTTP server but exits 0 on any answer (statusBlindArgv, statusBlindScript), so Docker
 * marks the service healthy too early.
 */
export function statusBlindCheck(view: YamlView, test: Node): StatusBlindCheck | undefined {
  const command = testCommand(view, test);
  if (!command) {
    return undefined;
  }
  if (command.script === undefined) {
    const call = statusBlindArgv(command.argv);
    const edit = call?.tool === 'curl' ? argvEdit(view, test, 1) : undefined;
    return call && { node: command.node, ...call, ...(edit ? { edit } : {}) };
  }
  const script = command.script.replace(/\$\$/g, '$');
  const found = statusBlindScript(splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands);
  if (!found) {
    return undefined;
  }
  const { program, ...call } = found;
  const edit = call.tool === 'curl' ? scriptEdit(view, command.node, program.raw) : undefined;
  return { node: command.node, ...call, ...(edit ? { edit } : {}) };
}
