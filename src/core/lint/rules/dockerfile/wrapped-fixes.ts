import { runCommands } from '../../dockerfile/installs';
import { memoOn, memoSlot } from '../../dockerfile/memo';
import type { DockerfileModel } from '../../dockerfile/semantic';
import type { Wrapping } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { Position, Range, RuleFinding, TextEdit } from '../../types';

const wrappingsSlot = memoSlot();

/** Every script a RUN hands a shell, and every exec-form RUN's array, enclosing ones before those inside them. */
function wrappings(model: DockerfileModel): Wrapping[] {
  return memoOn(model, wrappingsSlot, collectWrappings);
}

function collectWrappings(model: DockerfileModel): Wrapping[] {
  const out = new Set<Wrapping>();
  for (const instr of model.parsed.instructions) {
    for (const { script } of instr.keyword === 'RUN' || instr.trigger ? runCommands(instr) : []) {
      if (script.wrapping) {
        out.add(script.wrapping);
      }
    }
  }
  return [...out];
}

/**
 * The rule, its quick fixes kept only where they stay valid text: an edit inside a wrapped script (`bash -c "…"`,
 * an exec form) must lie in a script mapped exactly and insert none of the characters its quoting forbids, and no
 * edit may cut across such a script's edge.
 */
export function withSafeWrappedFixes(rule: DockerfileRule): DockerfileRule {
  if (!rule.meta.fixable) {
    return rule;
  }
  return { meta: rule.meta, check: (ctx) => dropUnsafeFixes(wrappings(ctx.model), rule.check(ctx)) };
}

function dropUnsafeFixes(regions: readonly Wrapping[], findings: RuleFinding[]): RuleFinding[] {
  if (regions.length === 0) {
    return findings;
  }
  for (const f of findings) {
    if (f.fix && !f.fix.edits.every((e) => safeEdit(e, regions))) {
      delete f.fix;
    }
  }
  return findings;
}

function safeEdit(edit: TextEdit, regions: readonly Wrapping[]): boolean {
  let innermost: Wrapping | undefined;
  for (const region of regions) {
    if (within(edit.range, region.range)) {
      innermost = region;
    } else if (before(edit.range.start, region.range.end) && before(region.range.start, edit.range.end) && !within(region.range, edit.range)) {
      return false;
    }
  }
  const forbidden = innermost?.forbidden;
  return innermost === undefined || (forbidden !== undefined && ![...edit.newText].some((c) => forbidden.includes(c)));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function within(inner: Range, outer: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}
