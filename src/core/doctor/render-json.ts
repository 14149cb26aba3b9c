import type { DoctorReport } from './report';

/** The stable machine-readable shape of `mlc doctor --format json` (schemaVersion 1). */
export interface DoctorJson {
  schemaVersion: 1;
  gatheredAt: string;
  platform: string;
  summary: DoctorReport['counts'];
  findings: DoctorReport['findings'];
  docker: {
    endpoint: { host: string; source: string; context: string | null } | null;
    reachable: boolean;
    failure: string | null;
    serverVersion: string | null;
    apiVersion: string | null;
    runtimes: string[];
    defaultRuntime: string | null;
    nvidiaRuntime: boolean;
    configProblems: string[];
  };
  kubernetes: {
    source: string;
    files: { path: string; exists: boolean; problem: string | null }[];
    contexts: string[];
    currentContext: string | null;
    reachable: boolean | null;
    failure: string | null;
    serverVersion: string | null;
    missingExecPlugins: string[];
  };
  workspace: { trusted: boolean | null };
}

export function toDoctorJson(report: DoctorReport): DoctorJson {
  const { docker, kubernetes, workspace } = report.facts;
  const probe = docker.probe;
  const kprobe = kubernetes.probe;
  return {
    schemaVersion: 1,
    gatheredAt: report.facts.gatheredAt,
    platform: report.facts.platform,
    summary: report.counts,
    findings: report.findings,
    docker: {
      endpoint: docker.endpoint ? { host: docker.endpoint.host, source: docker.endpoint.source, context: docker.endpoint.contextName ?? null } : null,
      reachable: probe?.ok === true,
      failure: probe && !probe.ok ? probe.kind : null,
      serverVersion: probe?.ok ? probe.serverVersion : null,
      apiVersion: probe?.ok ? probe.apiVersion : null,
      runtimes: probe?.ok ? probe.runtimes : [],
      defaultRuntime: probe?.ok ? probe.defaultRuntime : null,
      nvidiaRuntime: probe?.ok ? probe.runtimes.some((r) => r.startsWith('nvidia')) : false,
      configProblems: docker.configProblems,
    },
    kubernetes: {
      source: kubernetes.source,
      files: kubernetes.files.map((f) => ({ path: f.path, exists: f.exists, problem: f.problem ?? null })),
      contexts: kubernetes.contexts.map((c) => c.name),
      currentContext: kubernetes.currentContext ?? null,
      reachable: kprobe ? kprobe.ok : null,
      failure: kprobe && !kprobe.ok ? kprobe.kind : null,
      serverVersion: kprobe?.ok ? kprobe.gitVersion : null,
      missingExecPlugins: kubernetes.execPlugins.filter((p) => !p.resolvedPath).map((p) => p.command),
    },
    workspace: { trusted: workspace.trusted ?? null },
  };
}
