import { describeText } from '../../core/kubernetes/describe';
import type { ClusterClient, ObjectKey } from './cluster-client';

/** The text of a describe document: the object and its events; a clear line when it is gone. */
export async function describeObject(client: Pick<ClusterClient, 'readObject' | 'objectEvents'>, key: ObjectKey, now = Date.now()): Promise<string> {
  const [o, events] = await Promise.all([client.readObject(key), client.objectEvents(key)]);
  if (!o) {
    return `${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name} does not exist (any more).\n`;
  }
  return describeText(o, events, now);
}
