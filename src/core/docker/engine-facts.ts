import type { DockerProbe } from '../doctor/facts';
import { classifyDockerError } from './classify-error';

export interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
}

export interface EngineInfo {
  Runtimes?: Record<string, unknown> | null;
  DefaultRuntime?: string;
  GenericResources?: { DiscreteResourceSpec?: { Kind?: string; Value?: number } }[] | null;
}

/** Turns the engine's /version and /info answers into the facts Check Environment judges. */
export function engineProbeFromResponses(version: EngineVersion, info: EngineInfo): Extract<DockerProbe, { ok: true }> {
  const gpuHints = (info.GenericResources ?? [])
    .map((r) => r.DiscreteResourceSpec)
    .filter((s): s is { Kind?: string; Value?: number } => !!s && /gpu/i.test(s.Kind ?? ''))
    .map((s) => `generic resource ${s.Kind ?? ''}=${s.Value ?? ''}`);
  return {
    ok: true,
    serverVersion: version.Version ?? 'unknown',
    apiVersion: version.ApiVersion ?? '0',
    os: version.Os ?? 'unknown',
    arch: version.Arch ?? 'unknown',
    runtimes: Object.keys(info.Runtimes ?? {}).sort(),
    defaultRuntime: info.DefaultRuntime ?? 'runc',
    gpuHints,
  };
}

interface EngineError {
  code?: string;
  message?: string;
  statusCode?: number;
  json?: { message?: string };
}

/** Any error met while talking to the engine, as a failure a user can act on. */
export function engineProbeFailure(err: unknown): Extract<DockerProbe, { ok: false }> {
  const e = (typeof err === 'object' && err !== null ? err : {}) as EngineError;
  const message = e.json?.message ?? e.message ?? String(err);
  if (e.code === 'EUNSUPPORTED') {
    return { ok: false, kind: 'unsupported-scheme', code: e.code, message };
  }
  return { ok: false, kind: classifyDockerError(e.code, message, e.statusCode), ...(e.code ? { code: e.code } : {}), message };
}
