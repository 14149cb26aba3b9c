import type { Pair } from 'yaml';
import { Scalar } from 'yaml';
import type { Range } from '../../types';
import type { YamlView } from '../../yaml/access';
import { maxMergeDepth, mergedPair } from '../../cross/compose';

/** One build argument a Compose service passes (`build.args`, map or `NAME=value` list form), at its name. */
export interface ComposeBuildArg {
  name: string;
  range: Range;
}


/** A build argument name Compose passes as written: no `${…}` to resolve. */
const literalNameRe = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The pairs of a mapping with those its `<<` sources add under keys it does not write itself. */
function mergedEntries(view: YamlView, node: unknown, depth = 0): Pair[] {
  const own = view.entries(node).filter(([key]) => key !== '<<');
  const merge = depth <= maxMergeDepth ? view.pair(node, '<<') : undefined;
  if (!merge) {
    return own.map(([, pair]) => pair);
  }
  const seen = new Set(own.map(([key]) => key));
  const out = own.map(([, pair]) => pair);
  const sources = view.seq(merge.value) ? view.list(merge.value) : [view.resolve(merge.value)];
  for (const source of sources) {
    for (const pair of mergedEntries(view, source, depth + 1)) {
      const key = view.keyOf(pair);
      if (key !== undefined && !seen.has(key)) {
        seen.add(key);
        out.push(pair);
      }
    }
  }
  return out;
}

/** The range of `name` at the start of a `NAME=value` list item (past an opening quote). */
function nameRangeInItem(view: YamlView, item: unknown, name: string): Range | undefined {
  const start = view.range(item)?.start;
  if (!start) {
    return undefined;
  }
  const column = start.column + (item instanceof Scalar && (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE') ? 1 : 0);
  return { start: { line: start.line, column }, end: { line: start.line, column: column + name.length } };
}

/**
 * The build arguments a service's own `build.args` passes, with `<<` merges followed as Compose reads them
 * (its `build` may come from a merge; `args` and its entries too). Names with interpolation are left out.
 */
export function composeBuildArgs(view: YamlView, service: unknown): ComposeBuildArg[] {
  const build = view.map(mergedPair(view, service, 'build')?.value);
  const args = build ? mergedPair(view, build, 'args')?.value : undefined;
  if (args === undefined || args === null) {
    return [];
  }
  const out: ComposeBuildArg[] = [];
  if (view.map(args)) {
    for (const pair of mergedEntries(view, args)) {
      const name = view.keyOf(pair);
      const range = view.range(pair);
      if (name !== undefined && range && literalNameRe.test(name)) {
        out.push({ name, range });
      }
    }
    return out;
  }
  for (const item of view.list(args)) {
    const text = view.str(item);
    const name = text?.split('=', 1)[0];
    const range = name !== undefined && literalNameRe.test(name) ? nameRangeInItem(view, item, name) : undefined;
    if (name !== undefined && range) {
      out.push({ name, range });
    }
  }
  return out;
}

/** The service of the same file a service extends (`extends: web`, `extends: {service: web}` without `file`). */
export function sameFileBaseName(view: YamlView, service: unknown): string | undefined {
  const ext = mergedPair(view, service, 'extends')?.value;
  if (ext === undefined || view.get(ext, 'file') !== undefined) {
    return undefined;
  }
  return view.str(ext) ?? view.text(ext, 'service');
}
