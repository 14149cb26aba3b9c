import type { Node } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';

/**
 * Counts the nodes a document would have with every alias expanded, without expanding anything
 * (memoised per node, so a "billion laughs" file costs as much as its source). Returns a problem
 * when the count passes `maxNodes`, nesting passes `maxDepth`, or an alias refers to itself.
 */
export function measureExpansion(root: unknown, maxNodes: number, maxDepth: number): { problem?: string; anchors: Map<string, Node> } {
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  let problem: string | undefined;

  const size = (node: unknown, depth: number): number => {
    if (problem !== undefined || node === null || node === undefined) {
      return 0;
    }
    if (depth > maxDepth) {
      problem = `the document is nested more than ${maxDepth} levels deep; not analysed`;
      return 0;
    }
    const known = sizes.get(node);
    if (known !== undefined) {
      return known;
    }
    if (inProgress.has(node)) {
      problem = 'the document contains an alias that refers to itself; not analysed';
      return 0;
    }
    let n = 1;
    if (isAlias(node)) {
      inProgress.add(node);
      const target = (node as unknown as { source: string }).source;
      n = size(anchors.get(target), depth + 1);
      inProgress.delete(node);
    } else if (isMap(node) || isSeq(node)) {
      inProgress.add(node);
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          n += 1 + size(item.key, depth + 1) + size(item.value, depth + 1);
        } else {
          n += size(item, depth + 1);
        }
        if (n > maxNodes) {
          break;
        }
      }
      inProgress.delete(node);
    } else if (!isScalar(node)) {
      n = 1;
    }
    if (n > maxNodes && problem === undefined) {
      problem = `aliases expand the document to more than ${maxNodes} nodes (an alias bomb?); not analysed`;
    }
    sizes.set(node, n);
    return n;
  };

  // Anchors in document order; an alias refers to the closest preceding anchor of that name.
  const anchors = new Map<string, Node>();
  const collect = (node: unknown, depth: number): void => {
    if (depth > maxDepth || node === null || node === undefined) {
      return;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (typeof anchor === 'string' && !isAlias(node)) {
      anchors.set(anchor, node as Node);
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          collect(item.key, depth + 1);
          collect(item.value, depth + 1);
        } else {
          collect(item, depth + 1);
        }
      }
    }
  };
  collect(root, 0);
  if (anchors.size === 0) {
    // No aliases can expand: only the depth matters.
    const depthOk = (node: unknown, depth: number): boolean => {
      if (depth > maxDepth) {
        return false;
      }
      if (isMap(node) || isSeq(node)) {
        return (node.items as unknown[]).every((item) => (isPair(item) ? depthOk(item.key, depth + 1) && depthOk(item.value, depth + 1) : depthOk(item, depth + 1)));
      }
      return true;
    };
    return depthOk(root, 0) ? { anchors } : { problem: `the document is nested more than ${maxDepth} levels deep; not analysed`, anchors };
  }
  size(root, 0);
  return problem === undefined ? { anchors } : { problem, anchors };
}
