import type { ComposeRule } from '../../compose/rule';
import { deleteLines, finding } from './helpers';

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
    return [finding(range, 'The top-level version key is obsolete: Compose ignores it and warns on every run; delete it.', { title: 'Delete the version key', edits: [{ range: deleteLines(view, range.start.line, end), newText: '' }] })];
  },
};
