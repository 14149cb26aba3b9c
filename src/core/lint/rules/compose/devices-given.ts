import type { ComposeService } from '../../compose/model';
import { mergedAt } from '../../compose/model';
import { reachesDevicesOtherwise } from '../../compose/gpu-programs';
import type { ComposeContext } from '../../compose/rule';
import type { YamlView } from '../../yaml/access';
import { deviceReservations, isGpuService } from './helpers';

/**
 * Docker gives the service a device: a device reservation of any kind, `gpus:`, `runtime: nvidia` (or another runtime),
 * `devices:` (`/dev/nvidia0`, CDI names, ROCm's /dev/kfd) or `privileged`; Swarm, a generic resource (`NVIDIA-GPU`).
 */
export function getsDevices(view: YamlView, s: ComposeService): boolean {
  return isGpuService(view, s) || deviceReservations(view, s).length > 0 || reachesDevicesOtherwise(view, s) || mergedAt(view, s, ['deploy', 'resources', 'reservations', 'generic_resources']) !== undefined;
}

/**
 * The variant file beside this main file whose service of the same name gets a device (getsDevices): the project
 * keeps the main file CPU-only and adds the GPU with `-f docker-compose.gpu.yml`. Reads the variant files, so a rule
 * asks last, when it would otherwise report the service.
 */
export function variantGivingDevices(ctx: ComposeContext, s: ComposeService): string | undefined {
  return ctx.variantServices?.(s.name).find((v) => getsDevices(v.view, v.service))?.file;
}
