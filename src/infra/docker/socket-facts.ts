import * as fs from 'node:fs/promises';
import { unixSocketPath } from '../../core/docker/endpoint';
import type { DockerEndpoint, SocketFacts } from '../../core/doctor/facts';

async function groupName(gid: number): Promise<string | undefined> {
  try {
    const text = await fs.readFile('/etc/group', 'utf8');
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined && Number(id) === gid) {
        return name;
      }
    }
  } catch {
    // No /etc/group (not POSIX): the group stays unnamed.
  }
  return undefined;
}

/** Who owns the unix socket and whether this process is in its group: the facts behind "permission denied". */
export async function readSocketFacts(endpoint: DockerEndpoint): Promise<SocketFacts | undefined> {
  if (!endpoint.host.startsWith('unix://')) {
    return undefined;
  }
  const socketPath = unixSocketPath(endpoint.host);
  try {
    const stat = await fs.stat(socketPath);
    const name = await groupName(stat.gid);
    const groups = typeof process.getgroups === 'function' ? process.getgroups() : [];
    return {
      path: socketPath,
      exists: true,
      mode: stat.mode,
      ownerUid: stat.uid,
      ownerGid: stat.gid,
      ...(name ? { groupName: name } : {}),
      userInGroup: groups.includes(stat.gid) || process.getgid?.() === stat.gid,
    };
  } catch {
    return { path: socketPath, exists: false };
  }
}
