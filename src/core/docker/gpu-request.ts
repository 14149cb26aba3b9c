import type { EngineDeviceRequest } from './engine-json';

export type GpuRequestSummary = { kind: 'all' } | { kind: 'count'; count: number } | { kind: 'ids'; ids: string[] };

function asksForGpu(request: EngineDeviceRequest): boolean {
  if ((request.Driver ?? '').toLowerCase() === 'nvidia') {
    return true;
  }
  return (request.Capabilities ?? []).some((set) => set.some((c) => c.toLowerCase() === 'gpu'));
}

/** What a container's HostConfig.DeviceRequests asks of GPUs; undefined when it asks for none. */
export function summarizeGpuRequests(requests: readonly EngineDeviceRequest[] | null | undefined): GpuRequestSummary | undefined {
  const gpu = (requests ?? []).filter(asksForGpu);
  if (gpu.length === 0) {
    return undefined;
  }
  const ids = gpu.flatMap((r) => r.DeviceIDs ?? []);
  if (ids.length > 0) {
    return { kind: 'ids', ids };
  }
  if (gpu.some((r) => r.Count === -1)) {
    return { kind: 'all' };
  }
  const count = gpu.reduce((n, r) => n + (r.Count ?? 0), 0);
  return count > 0 ? { kind: 'count', count } : { kind: 'all' };
}

/** A short badge for tree descriptions: "GPU: all", "GPU ×2", "GPU 0,1". */
export function gpuBadge(summary: GpuRequestSummary): string {
  switch (summary.kind) {
    case 'all':
      return 'GPU: all';
    case 'count':
      return `GPU ×${summary.count}`;
    case 'ids':
      return `GPU ${summary.ids.join(',')}`;
  }
}
