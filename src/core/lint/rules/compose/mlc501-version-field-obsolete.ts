import type { ComposeRule } from '../../compose/rule';
import { deleteLines, finding } from './helpers';

/**
 * The last line to delete with the key on lines `from`..`to` (1-based): also the blank lines after it when it opens the
 * file or follows a blank line, so the file does not start with, or gain, an empty gap.
 */
function withSeparatingBlankLines(lines: readonly string[], from: number, to: number): number {
  const blank = (line: number): boolean => (lines[line - 1] ?? '').trim() === '';
  const opensOrFollowsGap = from === 1 || blank(from - 1) || /^(?:---|%)/.test(lines[from - 2] ?? '');
  let end = to;
  while (opensOrFollowsGap && end < lines.length - 1 && blank(end + 1)) {
    end++;
  }
  return end;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC501',
    name: 'version-field-obsolete',
    family: 'style',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { dclint: ['no-version-field'] },
    description: 'A top-level version key is present; Compose ignores it and prints a warning.',
  },
  check(ctx) {
    const view = ctx.view;
    const root = ctx.compose?.root;
    const pair = view.pair(root, 'version');
    const range = pair ? view.range(pair.key) : undefined;
    if (!pair || !range || root?.flow) {
      return [];
    }
    const end = view.range(pair.value)?.end.line ?? range.start.line;
    return [finding(range, 'The top-level version key is obsolete: Compose ignores it and warns on every run; delete it.', { title: 'Delete the version key', edits: [{ range: deleteLines(view, range.start.line, withSeparatingBlankLines(view.file.lines, range.start.line, end)), newText: '' }] })];
  },
};
