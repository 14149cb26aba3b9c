import type { ExplorerNode } from './explorer-nodes';

/**
 * The message node for a watch that failed and is retrying, labelled by what went wrong: rejected
 * credentials and missing permissions are not "cannot reach". `message` is describeError's text
 * ("HTTP 403: pods is forbidden: …", "connect ECONNREFUSED 127.0.0.1:6443").
 */
export function watchErrorNode(parentId: string, message: string, retryInMs: number): ExplorerNode {
  const status = /^HTTP (\d{3})\b/.exec(message)?.[1];
  const label = status === '401' ? 'The cluster rejected the credentials' : status === '403' ? 'Not allowed to list this' : 'Cannot reach the cluster';
  return { kind: 'message', id: `${parentId}/error`, label, description: `retrying in ${Math.round(retryInMs / 1000)} s`, tooltip: message, icon: 'warning' };
}
