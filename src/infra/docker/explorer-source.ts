import type Docker from 'dockerode';
import type { EngineContainerSummary, EngineDeviceRequest, EngineImageSummary } from '../../core/docker/engine-json';
import { summarizeGpuRequests, type GpuRequestSummary } from '../../core/docker/gpu-request';
import { profileLabel } from '../../core/docker/run-profile';

export interface ContainersData {
  containers: EngineContainerSummary[];
  gpuById: ReadonlyMap<string, GpuRequestSummary | undefined>;
}

interface InspectHostConfig {
  HostConfig?: { DeviceRequests?: EngineDeviceRequest[] | null };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function mapLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * The data behind the explorer views: one list call per refresh. GPU requests are not in the list
 * answer, so they come from one inspect per container ever seen (HostConfig.DeviceRequests never
 * changes after create), cached by ID. Containers we created carry the answer in a label.
 */
export class ExplorerSource {
  private readonly gpuCache = new Map<string, GpuRequestSummary | undefined>();

  async images(docker: Docker, signal?: AbortSignal): Promise<EngineImageSummary[]> {
    return await docker.listImages({ all: false, ...(signal ? { abortSignal: signal } : {}) });
  }

  private running: Promise<ContainersData> | undefined;
  private queued: Promise<ContainersData> | undefined;

  /**
   * Concurrent callers share work: one load at a time, and callers arriving during a load share
   * one follow-up load (so they see changes made after the first list call started).
   */
  containers(docker: Docker, signal?: AbortSignal): Promise<ContainersData> {
    if (!this.running) {
      this.running = this.loadContainers(docker, signal).finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.containers(docker, signal);
      });
    return this.queued;
  }

  private async loadContainers(docker: Docker, signal?: AbortSignal): Promise<ContainersData> {
    const containers = (await docker.listContainers({ all: true, ...(signal ? { abortSignal: signal } : {}) })) as unknown as EngineContainerSummary[];
    const unknown = containers.filter((c) => !this.gpuCache.has(c.Id));
    await mapLimited(unknown, 8, async (c) => {
      const label = c.Labels?.[profileLabel];
      if (label === 'cpu') {
        this.gpuCache.set(c.Id, undefined);
        return;
      }
      try {
        const info = (await docker.getContainer(c.Id).inspect(signal ? { abortSignal: signal } : {})) as InspectHostConfig;
        this.gpuCache.set(c.Id, summarizeGpuRequests(info.HostConfig?.DeviceRequests));
      } catch {
        // Removed between list and inspect: nothing to cache.
      }
    });
    const live = new Set(containers.map((c) => c.Id));
    for (const id of this.gpuCache.keys()) {
      if (!live.has(id)) {
        this.gpuCache.delete(id);
      }
    }
    return { containers, gpuById: this.gpuCache };
  }
}
