import type { ComposeSchemaIssue } from './schema';

/**
 * What to write instead of a service key Compose does not know, where the key is a known mistake. `device_requests`
 * is the Engine API's name for GPU requests (HostConfig.DeviceRequests); an unmerged docker-compose fork accepted it
 * at service level (docker/compose#6691), and Compose rejects it ("Unsupported config option … 'device_requests'",
 * ocdevel/gnothi#132). Compose turns device reservations into those requests instead (docker/compose#7929).
 */
const serviceKeyHints = new Map<string, string>([
  ['device_requests', 'request GPUs with deploy.resources.reservations.devices instead (device_requests is the Engine API\'s name for them; its driver, count and capabilities keys carry over) or with `gpus:`'],
]);

const serviceKeyRe = /^services\.[^.]+\.([^.[]+)$/;

/** What to do about a schema issue when its key is a known mistake; undefined otherwise. */
export function schemaHint(issue: ComposeSchemaIssue): string | undefined {
  const key = issue.code === 'unknown-field' ? serviceKeyRe.exec(issue.path)?.[1] : undefined;
  return key === undefined ? undefined : serviceKeyHints.get(key);
}
