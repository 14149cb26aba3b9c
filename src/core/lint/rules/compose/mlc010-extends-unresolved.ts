import type { Node, Pair, YAMLMap } from 'yaml';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import { isInterpolated, isOverrideFile, mergedKeys } from '../../compose/model';
import type { RuleFinding, TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { deleteLines, finding, meantService } from './helpers';

/** A service's `extends` of another service of the same file (no `file:`): the name and the node that writes it. */
interface SameFileExtends {
  service: string;
  base: string;
  node: Node;
  /** The `extends` entry of the service's mapping. */
  pair: Pair;
  /** The service's mapping. */
  map: YAMLMap;
}

function sameFileExtends(view: YamlView, service: string, map: YAMLMap): SameFileExtends | undefined {
  const pair = view.pair(map, 'extends');
  const ext = pair ? (view.resolve(pair.value) ?? undefined) : undefined;
  if (!pair || ext === undefined || view.get(ext, 'file') !== undefined) {
    return undefined;
  }
  const node = view.scalar(ext) ? ext : view.get(ext, 'service');
  const base = view.str(node);
  return base === undefined || node === undefined || isInterpolated(base) ? undefined : { service, base, node, pair, map };
}

/** The circle a service's `extends` chain runs into when the service is on it (`[a, b, a]`), else undefined. */
function circleThrough(start: string, extendsOf: ReadonlyMap<string, SameFileExtends>): string[] | undefined {
  const path = [start];
  for (let next = extendsOf.get(start)?.base; next !== undefined; next = extendsOf.get(next)?.base) {
    if (next === start) {
      return [...path, start];
    }
    if (path.includes(next)) {
      return undefined; // a circle further on, which its own services report
    }
    path.push(next);
  }
  return undefined;
}

/** Deletes the `extends` entry's lines, when it has lines of its own in a block mapping with other keys left. */
function removeExtends(view: YamlView, ext: SameFileExtends): TextEdit | undefined {
  const range = view.range(ext.pair);
  if (!range || ext.map.flow || ext.map.items.length < 2) {
    return undefined;
  }
  const line = view.file.lines[range.start.line - 1] ?? '';
  if (line.slice(0, range.start.column - 1).trim() !== '') {
    return undefined;
  }
  const end = view.range(ext.pair.value)?.end.line ?? range.start.line;
  return { range: deleteLines(view, range.start.line, end), newText: '' };
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC010',
    name: 'extends-unresolved',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: {},
    description: 'extends names a service this file (or the file it names) does not define, or services extend each other in a circle.',
  },
  check(ctx) {
    return [...sameFileFindings(ctx), ...otherFileFindings(ctx)];
  },
};

/** `extends: {file: …, service: …}` naming a service the file read does not define. */
function otherFileFindings(ctx: ComposeContext): RuleFinding[] {
  const view = ctx.view;
  const root = ctx.compose?.root;
  const servicesOf = ctx.extendsServices;
  if (!root || !servicesOf) {
    return [];
  }
  const out: RuleFinding[] = [];
  for (const [name, pair] of view.entries(view.get(root, 'services'))) {
    const ext = view.map(view.get(pair.value, 'extends'));
    const file = view.text(ext, 'file');
    const node = view.get(ext, 'service');
    const base = view.str(node);
    const range = view.range(node);
    const defined = file !== undefined && !isInterpolated(file) ? servicesOf(file) : undefined;
    if (!defined || base === undefined || isInterpolated(base) || !range || defined.includes(base)) {
      continue;
    }
    const near = meantService(base, [...defined]);
    out.push(finding(
      range,
      `Service "${name}" extends "${base}" in ${file}, which that file does not define, so Compose refuses the file; ${near ? `did you mean "${near}"?` : `name one of its services (${defined.length > 0 ? defined.slice(0, 5).map((d) => `"${d}"`).join(', ') : 'it has none'}).`}`,
      near ? { title: `Replace with "${near}"`, edits: [{ range, newText: near }] } : undefined,
    ));
  }
  return out;
}

/** `extends` within the file: an undefined service, or a circle. */
function sameFileFindings(ctx: ComposeContext): RuleFinding[] {
  const view = ctx.view;
  const root = ctx.compose?.root;
  // Compose resolves `extends` without `file:` within one file, before it merges in includes or other files: an
  // override file's bases are usually in the main file, and an include is read apart; both are left alone here.
  if (!root || view.get(root, 'include') !== undefined || isOverrideFile(ctx.path)) {
    return [];
  }
  const entries = view.entries(view.get(root, 'services'));
  // Services a `<<` merge brings into `services:` are defined too.
  const defined = new Set(mergedKeys(view, view.get(root, 'services')));
  const extendsOf = new Map<string, SameFileExtends>();
  for (const [name, pair] of entries) {
    const map = view.map(pair.value);
    const ext = map ? sameFileExtends(view, name, map) : undefined;
    if (ext) {
      extendsOf.set(name, ext);
    }
  }
  const out: RuleFinding[] = [];
  const names = [...defined];
  for (const ext of extendsOf.values()) {
    const range = view.range(ext.node);
    if (!range) {
      continue;
    }
    if (!defined.has(ext.base)) {
      const near = meantService(ext.base, names.filter((n) => n !== ext.service));
      out.push(finding(
        range,
        `Service "${ext.service}" extends "${ext.base}", which this file does not define, so Compose refuses the file; ${near ? `did you mean "${near}"?` : 'define that service here, or name the file it is in with `extends: {file: …, service: …}`.'}`,
        near ? { title: `Replace with "${near}"`, edits: [{ range, newText: near }] } : undefined,
      ));
      continue;
    }
    const circle = circleThrough(ext.service, extendsOf);
    if (circle) {
      const chain = circle.map((n) => `"${n}"`).join(' → ');
      const removal = removeExtends(view, ext);
      out.push(finding(
        range,
        `${circle.length === 2 ? `Service "${ext.service}" extends itself` : `Services extend each other in a circle (${chain})`}, so Compose refuses the file (a circular reference); break the circle by removing one \`extends\`.`,
        removal ? { title: `Remove the extends of "${ext.service}"`, edits: [removal] } : undefined,
      ));
    }
  }
  return out;
}
