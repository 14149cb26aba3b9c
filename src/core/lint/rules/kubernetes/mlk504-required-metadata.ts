import type { KubernetesRule } from '../../kubernetes/rule';
import { finding } from './helpers';

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK504',
    name: 'required-metadata',
    family: 'style',
    severity: 'info',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['required-label-owner', 'required-annotation-email'] },
    description: 'Labels or annotations the project requires (rule options labels / annotations) are missing.',
  },
  check(ctx) {
    const obj = ctx.object;
    const options = ctx.settings.ruleOptions.MLK504 ?? {};
    const wanted = { labels: names(options.labels), annotations: names(options.annotations) };
    if (!obj || obj.kind === undefined || (wanted.labels.length === 0 && wanted.annotations.length === 0)) {
      return [];
    }
    const view = obj.view;
    const missing: string[] = [];
    for (const section of ['labels', 'annotations'] as const) {
      const present = new Set(view.entries(view.at(obj.root, ['metadata', section])).map(([k]) => k));
      missing.push(...wanted[section].filter((k) => !present.has(k)).map((k) => `${section === 'labels' ? 'label' : 'annotation'} "${k}"`));
    }
    if (missing.length === 0) {
      return [];
    }
    const range = view.rangeOfKey(obj.root, ['metadata']) ?? obj.anchor;
    return [finding(range, `This ${obj.kind} lacks the required ${missing.join(', ')}; add ${missing.length === 1 ? 'it' : 'them'} under metadata.`)];
  },
};
