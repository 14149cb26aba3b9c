import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { RuleFinding } from '../../types';
import { distance, nearest } from '../kubernetes/helpers';
import { finding, services } from './helpers';

const keys = ['capabilities', 'count', 'device_ids', 'driver', 'options'];

export const rule: ComposeRule = {
  meta: {
    id: 'MLC403',
    name: 'gpus-item-unknown-key',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    supersedes: ['MLC002'],
    equivalents: {},
    description: 'A gpus: item has an unknown key (the schema lets these through).',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      for (const item of view.items(mergedGet(view, s, 'gpus'))) {
        for (const [key, pair] of view.entries(item)) {
          const range = view.range(pair.key);
          if (keys.includes(key) || key.startsWith('x-') || !range) {
            continue;
          }
          const near = nearest(key, keys);
          const close = near !== undefined && distance(key.toLowerCase(), near) <= 3;
          out.push(finding(range, `"${key}" is not a gpus: key, and Compose ignores or rejects it; ${close ? `did you mean "${near}"?` : `use one of ${keys.join(', ')}.`}`, close && near ? { title: `Replace with "${near}"`, edits: [{ range, newText: near }] } : undefined));
        }
      }
    }
    return out;
  },
};
