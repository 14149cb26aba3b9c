import type { ComposeRule } from '../../compose/rule';
import { mergedGet } from '../../compose/model';
import type { Fix, Range, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding, services, sourceOf } from './helpers';

/** The first entry that sorts before its predecessor. */
function firstUnsorted(entries: { text: string; range: Range | undefined }[]): { text: string; prev: string; range: Range } | undefined {
  for (let k = 1; k < entries.length; k++) {
    const cur = entries[k];
    const prev = entries[k - 1];
    if (cur && prev && cur.range && cur.text.localeCompare(prev.text) < 0) {
      return { text: cur.text, prev: prev.text, range: cur.range };
    }
  }
  return undefined;
}

function keysOrItems(view: YamlView, node: unknown): { text: string; range: Range | undefined }[] {
  const keys = view.entries(node).map(([text, pair]) => ({ text, range: view.range(pair.key) }));
  const items = view.items(node).map((i) => ({ text: view.str(i) ?? '', range: view.range(i) })).filter((i) => i.text !== '');
  return keys.length > 0 ? keys : items;
}

/** Sorts a sequence of one-line scalars in place (each item takes the source text of its sorted counterpart). */
function sortFix(view: YamlView, node: unknown): Fix | undefined {
  const items = view.items(node);
  const entries = items.map((i) => ({ text: view.str(i), source: view.scalar(i) ? sourceOf(view, i) : undefined, range: view.range(i) }));
  if (items.length === 0 || entries.some((e) => e.text === undefined || e.source === undefined || !e.range || e.range.start.line !== e.range.end.line)) {
    return undefined;
  }
  const sorted = [...entries].sort((a, b) => (a.text ?? '').localeCompare(b.text ?? ''));
  const edits = entries.flatMap((e, k) => (e.range && sorted[k]?.source !== e.source ? [{ range: e.range, newText: sorted[k]?.source ?? '' }] : []));
  return { title: 'Sort the list', edits };
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC505',
    name: 'sorted-lists',
    family: 'style',
    severity: 'hint',
    enabledByDefault: false,
    fixable: true,
    ml: false,
    equivalents: { dclint: ['services-alphabetical-order', 'service-dependencies-alphabetical-order', 'service-ports-alphabetical-order'] },
    description: 'services, depends_on or ports are not sorted alphabetically.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    const svc = firstUnsorted(keysOrItems(view, view.get(ctx.compose?.root, 'services')));
    if (svc) {
      out.push(finding(svc.range, `Service "${svc.text}" should come before "${svc.prev}"; keep services in alphabetical order.`));
    }
    for (const s of services(ctx)) {
      for (const key of ['depends_on', 'ports']) {
        const list = mergedGet(view, s, key);
        const bad = firstUnsorted(keysOrItems(view, list));
        if (bad) {
          out.push(finding(bad.range, `In service "${s.name}", ${key} entry "${bad.text}" should come before "${bad.prev}"; keep ${key} in alphabetical order.`, sortFix(view, list)));
        }
      }
    }
    return out;
  },
};
