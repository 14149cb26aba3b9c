import type { ComposeRule } from '../../compose/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding, services } from './helpers';

const defaultTopLevel = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models'];
const defaultService = [
  'image', 'build', 'container_name', 'depends_on', 'volumes', 'volumes_from', 'configs', 'secrets', 'environment', 'env_file',
  'networks', 'network_mode', 'extra_hosts', 'command', 'entrypoint', 'working_dir', 'restart', 'healthcheck', 'logging', 'labels',
  'user', 'isolation', 'ports', 'expose',
];

function list(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v) : fallback;
}

/** The first key that comes before a key it should follow (keys not in the order are ignored). */
function firstOutOfOrder(view: YamlView, node: unknown, order: readonly string[]): { key: string; after: string; range: ReturnType<YamlView['range']> } | undefined {
  let best = -1;
  let bestKey = '';
  for (const [key, pair] of view.entries(node)) {
    const at = order.indexOf(key);
    if (at < 0) {
      continue;
    }
    if (at < best) {
      return { key, after: bestKey, range: view.range(pair.key) };
    }
    best = at;
    bestKey = key;
  }
  return undefined;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC504',
    name: 'key-order',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['service-keys-order', 'top-level-properties-order'] },
    description: 'Service keys or top-level keys are not in the configured order.',
  },
  check(ctx) {
    const options = ctx.settings.ruleOptions.MLC504;
    const out: RuleFinding[] = [];
    const top = firstOutOfOrder(ctx.view, ctx.compose?.root, list(options?.topLevelOrder, defaultTopLevel));
    if (top?.range) {
      out.push(finding(top.range, `Top-level key "${top.key}" should come before "${top.after}"; move it to keep the configured order.`));
    }
    for (const s of services(ctx)) {
      const bad = firstOutOfOrder(ctx.view, s.node, list(options?.serviceOrder, defaultService));
      if (bad?.range) {
        out.push(finding(bad.range, `In service "${s.name}", "${bad.key}" should come before "${bad.after}"; move it to keep the configured order.`));
      }
    }
    return out;
  },
};
