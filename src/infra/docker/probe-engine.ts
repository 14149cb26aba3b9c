import { engineProbeFailure, engineProbeFromResponses, type EngineInfo, type EngineVersion } from '../../core/docker/engine-facts';
import type { DockerEndpoint, DockerProbe } from '../../core/doctor/facts';
import { engineGetJson, speaksPlainHttp } from './engine-http';
import { loadDockerEngine } from './load-engine';

/** Asks the engine who it is and what it can run. Never throws. */
export async function probeDockerEngine(endpoint: DockerEndpoint, signal?: AbortSignal, timeoutMs = 5000): Promise<DockerProbe> {
  if (!speaksPlainHttp(endpoint)) {
    return (await loadDockerEngine()).probeDockerEngineWithDockerode(endpoint, signal);
  }
  try {
    const [version, info] = await Promise.all([
      engineGetJson<EngineVersion>(endpoint, '/version', timeoutMs, signal),
      engineGetJson<EngineInfo>(endpoint, '/info', timeoutMs, signal),
    ]);
    return engineProbeFromResponses(version, info);
  } catch (err) {
    return engineProbeFailure(err);
  }
}
