import type { YamlView } from '../yaml/access';
import { gpuDeviceIdRe } from './gpu-device-id';
import { environmentValue } from './gpu-programs';
import type { ComposeService } from './model';
import { isInterpolated } from './model';

/**
 * What a `runtime: nvidia` service's NVIDIA_VISIBLE_DEVICES asks the NVIDIA runtime for (the Container Toolkit's values):
 * every GPU (`all`), a list of GPU indexes or UUIDs, no GPU (`none`: the driver only; `void` or empty: the runtime acts as
 * runc), the image's value (`unset`: `all` in CUDA images), or something this linter cannot read.
 */
export type VisibleDevices = { kind: 'all' | 'unset' | 'unknown' } | { kind: 'ids'; ids: string[] } | { kind: 'no-gpu'; value: string };

export function visibleDevices(view: YamlView, s: ComposeService): VisibleDevices {
  const value = environmentValue(view, s, 'NVIDIA_VISIBLE_DEVICES');
  if (value === undefined) {
    return { kind: 'unset' };
  }
  // Passed on from the shell, or read from a variable: the GPUs are not known here.
  if (value === null || isInterpolated(value)) {
    return { kind: 'unknown' };
  }
  const text = value.trim();
  if (text.toLowerCase() === 'all') {
    return { kind: 'all' };
  }
  if (text === '' || text === 'none' || text === 'void') {
    return { kind: 'no-gpu', value: text };
  }
  const ids = text.split(',').map((id) => id.trim());
  return ids.every((id) => gpuDeviceIdRe.test(id)) ? { kind: 'ids', ids } : { kind: 'unknown' };
}
