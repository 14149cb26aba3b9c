import type { DockerFacts } from '../../core/doctor/facts';
import { probeDockerEngine } from '../docker/probe-engine';
import { resolveDockerEndpointFromDisk } from '../docker/read-cli-config';
import { readSocketFacts } from '../docker/socket-facts';

export async function gatherDockerFacts(env: NodeJS.ProcessEnv, platform: string, setting?: string, signal?: AbortSignal): Promise<DockerFacts> {
  const resolution = await resolveDockerEndpointFromDisk(env, platform, setting);
  const { endpoint } = resolution;
  const [socket, probe] = await Promise.all([
    readSocketFacts(endpoint),
    probeDockerEngine(endpoint, signal),
  ]);
  return {
    configProblems: resolution.problems,
    ...(resolution.configPath ? { configPath: resolution.configPath } : {}),
    endpoint,
    ...(socket ? { socket } : {}),
    probe,
  };
}
