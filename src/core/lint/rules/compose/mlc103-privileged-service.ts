import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { mergedGet, mergedPair } from '../../compose/model';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { cdiGpuDevices, deviceReservations, finding, isGpuExporter, isGpuService, serviceRepository, services, targetsJetson } from './helpers';

const dangerous = new Set(['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN', 'CAP_ALL']);

/**
 * What to do instead: GPU access never needs the privilege, and a service that already requests its GPUs is told so; on a
 * Jetson the nvidia runtime is how it gets the GPU (MLC406 leaves it there), so it is not told to request them otherwise.
 */
function adviceFor(view: YamlView, s: ComposeService, path: string | undefined, cap?: string): string {
  if (!isGpuService(view, s)) {
    return 'add only the capabilities the service needs';
  }
  if (isGpuExporter(serviceRepository(view, s))) {
    return cap?.endsWith('SYS_ADMIN') ? 'a GPU metrics exporter needs it only for DCGM profiling metrics: drop it unless you collect those' : 'a GPU metrics exporter needs at most SYS_ADMIN, and only for DCGM profiling metrics';
  }
  const requested = mergedGet(view, s, 'gpus') !== undefined || deviceReservations(view, s).length > 0 || cdiGpuDevices(view, mergedGet(view, s, 'devices')).length > 0;
  if (!requested && targetsJetson(view, s, path)) {
    return 'the nvidia runtime already gives it the Jetson\'s GPU, so map only the devices it needs (a camera, /dev/video0) and add only the capabilities it needs';
  }
  return requested ? 'the GPUs it requests do not need it, so add only the capabilities the service needs' : 'GPUs do not need it: request them with `gpus:` or a device reservation instead';
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC103',
    name: 'privileged-service',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'privileged: true, or cap_add with ALL or SYS_ADMIN.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const priv = mergedPair(view, s, 'privileged');
      const range = priv ? view.pairValueRange(priv) : undefined;
      if (priv && range && view.scalar(priv.value)?.value === true) {
        out.push(finding(range, `Service "${s.name}" runs privileged, with full access to the host; ${adviceFor(view, s, ctx.path)}.`));
      }
      for (const item of view.items(mergedGet(view, s, 'cap_add'))) {
        const cap = view.str(item)?.toUpperCase();
        const r = view.range(item);
        if (cap !== undefined && r && dangerous.has(cap)) {
          out.push(finding(r, `Service "${s.name}" adds ${cap}, which is nearly root on the host; ${adviceFor(view, s, ctx.path, cap)}.`));
        }
      }
    }
    return out;
  },
};
