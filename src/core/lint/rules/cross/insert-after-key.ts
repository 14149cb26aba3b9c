import type { YAMLMap } from 'yaml';
import type { TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';

/**
 * Inserts `text` (one `key: value` line) into a block mapping on the line after `key`, whose value is a one-line scalar,
 * at that key's indentation. Undefined for a flow mapping, or a key that does not start its line.
 */
export function insertAfterKey(view: YamlView, map: YAMLMap, key: string, text: string): TextEdit | undefined {
  const keyAt = view.keyRange(map, key);
  const valueAt = view.valueRange(map, key);
  const lines = view.file.lines;
  const line = lines[(keyAt?.start.line ?? 0) - 1];
  if (map.flow || !keyAt || !valueAt || valueAt.end.line !== keyAt.start.line || line === undefined || line.slice(0, keyAt.start.column - 1).trim() !== '') {
    return undefined;
  }
  const indent = ' '.repeat(keyAt.start.column - 1);
  if (keyAt.start.line === lines.length) {
    const end = { line: keyAt.start.line, column: line.replace(/\r$/, '').length + 1 };
    return { range: { start: end, end }, newText: `\n${indent}${text}` };
  }
  const next = { line: keyAt.start.line + 1, column: 1 };
  return { range: { start: next, end: next }, newText: `${indent}${text}\n` };
}
