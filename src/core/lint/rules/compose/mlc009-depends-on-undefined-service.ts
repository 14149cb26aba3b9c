import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, isOverrideFile, mergedKeys } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { dependencies, finding, meantService, services } from './helpers';

export const rule: ComposeRule = {
  meta: {
    id: 'MLC009',
    name: 'depends-on-undefined-service',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'depends_on names a service that the Compose file does not define.',
  },
  check(ctx) {
    const view = ctx.view;
    const root = ctx.compose?.root;
    // Services from included files or other files of a multi-file project are invisible here: stay silent.
    if (!root || view.get(root, 'include') !== undefined || isOverrideFile(ctx.path)) {
      return [];
    }
    const all = services(ctx);
    const names = all.map((s) => s.name);
    // Services a `<<` merge brings into `services:` are defined too.
    // So are those of the override file merged over this one, and of the main file a variant file is run with.
    const defined = new Set([...names, ...mergedKeys(view, view.get(root, 'services')), ...(ctx.compose?.overrideServices ?? []), ...(ctx.compose?.baseServices ?? [])]);
    const out: RuleFinding[] = [];
    for (const s of all) {
      for (const { name, node } of dependencies(view, s)) {
        const range = view.range(node);
        if (name === undefined || defined.has(name) || isInterpolated(name) || !range) {
          continue;
        }
        const near = meantService(name, names.filter((n) => n !== s.name));
        out.push(
          finding(
            range,
            `Service "${s.name}" depends on "${name}", which this file does not define, so \`compose up\` fails; ${near ? `did you mean "${near}"?` : 'define the service or remove the dependency.'}`,
            near ? { title: `Replace with "${near}"`, edits: [{ range, newText: near }] } : undefined,
          ),
        );
      }
    }
    return out;
  },
};
