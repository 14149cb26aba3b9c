import type { ExplorerNode } from '../../core/kubernetes/explorer-nodes';

/** The Clusters view element a command was run on, of one of the expected kinds. */
export function expectNode<K extends ExplorerNode['kind']>(arg: unknown, ...kinds: K[]): ExplorerNode & { kind: K } {
  const n = arg as ExplorerNode | undefined;
  if (!n || typeof n !== 'object' || !(kinds as string[]).includes(n.kind)) {
    throw new Error('Run this command from an item in the Clusters view.');
  }
  return n as ExplorerNode & { kind: K };
}
