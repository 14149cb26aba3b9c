import type { ExplorerNode } from './explorer-nodes';

const count = (n: number) => n.toLocaleString('en-US');

/** The message node a list still being paged in shows: "Loading pods… 500 of ~10,000". */
export function loadingNode(parentId: string, noun: string, listed: number, estimate?: number): ExplorerNode {
  const of = estimate !== undefined && estimate > listed ? ` of ~${count(estimate)}` : '';
  return {
    kind: 'message',
    id: `${parentId}/loading`,
    label: `Loading ${noun}… ${count(listed)}${of}`,
    tooltip: 'The list arrives page by page; the tree refreshes as pages arrive, then follows changes live.',
    icon: 'loading',
  };
}
