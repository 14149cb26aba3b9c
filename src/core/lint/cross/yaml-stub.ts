import type { TextEdit } from '../types';
import type { YamlFile } from '../yaml/parse';

/** An edit that appends a new YAML document to the end of a file. */
export function appendDocument(file: YamlFile, body: string): TextEdit {
  const text = file.text;
  const lastStart = text.lastIndexOf('\n') + 1;
  let lastEnd = text.length;
  if (lastEnd > lastStart && text.charCodeAt(lastEnd - 1) === 13) {
    lastEnd--;
  }
  const last = file.lineCounter.lineStarts.length;
  const lastText = text.slice(lastStart, lastEnd);
  const at = { line: last, column: lastText.length + 1 };
  return { range: { start: at, end: at }, newText: `${lastText === '' ? '' : '\n'}---\n${body.endsWith('\n') ? body : `${body}\n`}` };
}

/** Labels as a YAML flow mapping with quoted keys and values (safe for any label text). */
export function flowLabels(labels: ReadonlyMap<string, string>): string {
  return `{${[...labels].map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}
