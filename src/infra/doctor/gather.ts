import type { DoctorFacts } from '../../core/doctor/facts';
import { gatherDockerFacts } from './gather-docker';
import { gatherKubernetesFacts } from './gather-kubernetes';

export interface GatherOptions {
  env: NodeJS.ProcessEnv;
  platform: string;
  dockerHostSetting?: string;
  kubeconfigSetting?: string;
  /** undefined outside VS Code. */
  workspaceTrusted?: boolean;
  signal?: AbortSignal;
}

/** Gathers every fact Check Environment judges, Docker and Kubernetes in parallel. */
export async function gatherDoctorFacts(options: GatherOptions): Promise<DoctorFacts> {
  const [docker, kubernetes] = await Promise.all([
    gatherDockerFacts(options.env, options.platform, options.dockerHostSetting, options.signal),
    gatherKubernetesFacts(options.env, options.platform, options.kubeconfigSetting, options.signal),
  ]);
  return {
    gatheredAt: new Date().toISOString(),
    platform: `${options.platform}/${process.arch}`,
    docker,
    kubernetes,
    workspace: options.workspaceTrusted === undefined ? {} : { trusted: options.workspaceTrusted },
  };
}
