import type { DockerProbe } from '../doctor/facts';
import { checkGpuRuntime } from '../doctor/docker-checks';

export interface StartFailureExplanation {
  kind: 'no-gpu-support' | 'nvidia-driver' | 'unknown-gpu' | 'runtime-missing';
  /** One sentence: what happened and the fix. */
  message: string;
  /** Whether re-running the same profile without GPUs is the natural next step. */
  offerCpu: boolean;
}

const installFix = 'install the NVIDIA Container Toolkit and run `sudo nvidia-ctk runtime configure --runtime=docker`, then restart Docker';

/** Maps the engine's GPU-related start errors to one clear sentence with the fix; undefined for other errors. */
export function explainStartFailure(message: string): StartFailureExplanation | undefined {
  if (/could not select device driver ".*?" with capabilities: \[\[gpu\]\]/i.test(message)) {
    return {
      kind: 'no-gpu-support',
      message: `This container asks for GPUs, but this Docker Engine has no NVIDIA GPU support: on a GPU host, ${installFix}; on a CPU-only machine, run it with the CPU profile.`,
      offerCpu: true,
    };
  }
  if (/unknown or invalid runtime name: nvidia/i.test(message)) {
    return {
      kind: 'runtime-missing',
      message: `The "nvidia" runtime is not registered with this Docker Engine: ${installFix}, or run with the CPU profile.`,
      offerCpu: true,
    };
  }
  if (/nvidia-container-cli: .*(driver not loaded|driver\/library version mismatch|nvml error)/i.test(message)) {
    return {
      kind: 'nvidia-driver',
      message: 'The NVIDIA driver on the host is not working (not loaded, or a driver/library version mismatch after an upgrade): check `nvidia-smi` on the host and reboot or reload the driver, or run with the CPU profile.',
      offerCpu: true,
    };
  }
  if (/nvidia-container-cli: device error|unknown device/i.test(message)) {
    return {
      kind: 'unknown-gpu',
      message: 'A requested GPU ID does not exist on this host: list the GPUs with `nvidia-smi -L` and pick IDs or UUIDs from it.',
      offerCpu: false,
    };
  }
  return undefined;
}

export type GpuReadiness = { ready: true; summary: string } | { ready: false; summary: string; fix?: string };

/** Before a GPU run: can this engine give containers GPUs? Judged exactly as Check Environment judges it. */
export function gpuReadiness(probe: DockerProbe): GpuReadiness {
  const finding = checkGpuRuntime({ configProblems: [], probe });
  if (finding.status === 'ok') {
    return { ready: true, summary: finding.summary };
  }
  return { ready: false, summary: finding.summary, ...(finding.fix ? { fix: finding.fix } : {}) };
}
