import { Alias, isMap, isPair, isSeq } from 'yaml';
import type { Fix } from '../types';
import type { YamlView } from '../yaml/access';

/** Lines [first, last] (1-based) of a node that aliases elsewhere in the document also stand for. */
interface SharedBlock {
  first: number;
  last: number;
}

/** Anchor names some alias (`*name`, or `<<: *name`) refers to. */
function aliasedAnchors(root: unknown): Set<string> {
  const names = new Set<string>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node instanceof Alias) {
      names.add(node.source);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push(item.key, item.value);
        } else {
          stack.push(item);
        }
      }
    }
  }
  return names;
}

/** The line spans of the document's anchored nodes that an alias repeats; [] when it has none. */
export function sharedBlocks(view: YamlView): SharedBlock[] {
  const anchors = view.document.anchors;
  if (anchors.size === 0) {
    return [];
  }
  const out: SharedBlock[] = [];
  for (const name of aliasedAnchors(view.document.doc.contents)) {
    const range = view.range(anchors.get(name));
    if (range) {
      // A block node's range runs to the start of the line after it.
      const last = range.end.column === 1 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
      out.push({ first: range.start.line, last });
    }
  }
  return out;
}

/**
 * Whether the fix edits a node other parts of the file share through an alias, for a finding that lies outside that
 * node: the finding is about one service (`a: {volumes: *vols}`), the edit would change every user of `&vols`. A
 * finding inside the shared node is about the node itself, and fixing it there fixes every user, as it should.
 */
export function fixReachesSharedNode(fix: Fix, findingLine: number, blocks: readonly SharedBlock[]): boolean {
  return fix.edits.some((e) => {
    const line = e.range.start.line;
    return blocks.some((b) => line >= b.first && line <= b.last && !(findingLine >= b.first && findingLine <= b.last));
  });
}
