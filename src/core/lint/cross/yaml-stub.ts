import type { TextEdit } from '../types';
import type { YamlFile } from '../yaml/parse';

/** An edit that appends a new YAML document to the end of a file. */
export function appendDocument(file: YamlFile, body: string): TextEdit {
  const lines = file.text.split('\n');
  const last = lines.length;
  const lastText = (lines[last - 1] ?? '').replace(/\r$/, '');
  const at = { line: last, column: lastText.length + 1 };
  return { range: { start: at, end: at }, newText: `${lastText === '' ? '' : '\n'}---\n${body.endsWith('\n') ? body : `${body}\n`}` };
}

/** Labels as a YAML flow mapping with quoted keys and values (safe for any label text). */
export function flowLabels(labels: ReadonlyMap<string, string>): string {
  return `{${[...labels].map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}
