import type { ComposeRule } from '../../compose/rule';
import { finding, services } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC503',
    name: 'project-name-missing',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['require-project-name-field'] },
    description: 'There is no top-level name, so the project name depends on the folder.',
  },
  check(ctx) {
    const root = ctx.compose?.root;
    const range = root ? ctx.view.range(root.items[0]) : undefined;
    // Fragments (an override file, blocks for other files to extend) run under the main file's project name.
    const all = services(ctx);
    if (!root || !range || ctx.view.pair(root, 'name') !== undefined || (all.length > 0 && all.every((s) => s.fragment))) {
      return [];
    }
    return [finding(range, 'The file has no top-level name, so the project name (and container, network and volume names) depends on the folder it is run from; add name: <project>.')];
  },
};
