import { checkDockerConfig, checkDockerEndpoint, checkDockerReachable, checkGpuRuntime } from './docker-checks';
import type { DoctorFacts } from './facts';
import type { Finding, FindingStatus } from './finding';
import { checkCluster, checkCurrentContext, checkExecPlugins, checkKubeconfigFiles } from './kubernetes-checks';
import { checkWorkspaceTrust } from './workspace-checks';

export interface DoctorReport {
  facts: DoctorFacts;
  findings: Finding[];
  counts: Record<FindingStatus, number>;
}

export function buildDoctorReport(facts: DoctorFacts): DoctorReport {
  const findings = [
    checkDockerConfig(facts.docker),
    checkDockerEndpoint(facts.docker),
    checkDockerReachable(facts.docker),
    checkGpuRuntime(facts.docker),
    checkKubeconfigFiles(facts.kubernetes),
    checkCurrentContext(facts.kubernetes),
    checkExecPlugins(facts.kubernetes),
    checkCluster(facts.kubernetes),
    checkWorkspaceTrust(facts.workspace),
  ].filter((f): f is Finding => f !== undefined);
  const counts: Record<FindingStatus, number> = { ok: 0, info: 0, warning: 0, error: 0 };
  for (const f of findings) {
    counts[f.status] += 1;
  }
  return { facts, findings, counts };
}
