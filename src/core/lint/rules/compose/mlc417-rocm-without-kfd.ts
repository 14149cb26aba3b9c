import type { Node } from 'yaml';
import type { ComposeContext, ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import { environmentValue } from '../../compose/gpu-programs';
import { serviceBuiltStart } from '../../compose/built-start';
import { serviceImage } from '../../compose/image';
import { parseShortVolume } from '../../compose/short-syntax';
import { namesImage } from '../../single-process-servers';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { deviceReservations, finding, insertSeqItem, isGpuService, reservationDriver, serviceNames, serviceRepository, services } from './helpers';

/** A `devices:` entry's host path (`/dev/dri`, `/dev/dri/renderD128:/dev/dri/renderD128`, the long syntax's `source`). */
function hostPath(view: YamlView, item: Node): string {
  return (view.str(item)?.split(':')[0] ?? view.text(item, 'source') ?? '').trim().replace(/\/+$/, '');
}

/** A tag built for ROCm (`rocm`, `rocm6.1_ubuntu22.04_…`, `server-rocm`, `0.6.3-rocm`). */
const rocmTagRe = /(?:^|[-_.])rocm/i;

/** Variables only ROCm reads: its GPU selection and the gfx override consumer Radeon cards need. */
const rocmVariables = ['HSA_OVERRIDE_GFX_VERSION', 'ROCR_VISIBLE_DEVICES', 'HIP_VISIBLE_DEVICES'];

/** How the file shows that the service runs ROCm, for the message; undefined when nothing does. */
function rocmSign(ctx: ComposeContext, s: ComposeService): string | undefined {
  const view = ctx.view;
  const image = serviceImage(view, s);
  const repository = serviceRepository(view, s);
  const tag = image !== undefined ? /:([^/:@]+)(?:@|$)/.exec(image)?.[1] : undefined;
  if (image !== undefined && (repository.startsWith('rocm/') || namesImage(repository, 'rocm') || rocmTagRe.test(tag ?? ''))) {
    return `its image ${image} is a ROCm build`;
  }
  const built = mergedGet(view, s, 'build') !== undefined ? serviceBuiltStart(ctx, s) : undefined;
  const base = built?.baseRepository;
  if (base !== undefined && (base.startsWith('rocm/') || namesImage(base, 'rocm') || rocmTagRe.test(built?.baseTag ?? ''))) {
    return `it is built from the ROCm image ${base}${built?.baseTag !== undefined ? `:${built.baseTag}` : ''}`;
  }
  const variable = rocmVariables.find((name) => environmentValue(view, s, name) !== undefined);
  if (variable !== undefined) {
    return `it sets ${variable}, which only ROCm reads`;
  }
  return serviceNames(view, s).some((n) => namesImage(n, 'rocm')) ? 'its name or build path says ROCm' : undefined;
}

/**
 * Docker gives the container /dev/kfd another way: privileged (every device node), a bind of /dev or /dev/kfd, AMD's
 * container runtime (`runtime: amd`, or a reservation with the `amd` driver), or CDI names of AMD GPUs (`amd.com/gpu=all`).
 */
function reachesKfdOtherwise(view: YamlView, s: ComposeService, devices: readonly Node[]): boolean {
  const binds = view.items(mergedGet(view, s, 'volumes')).map((v) => view.str(v) !== undefined ? parseShortVolume(view.str(v) as string)?.source : view.text(v, 'source'));
  return view.str(mergedGet(view, s, 'privileged')) === 'true'
    || mergedGet(view, s, 'runtime') !== undefined
    || binds.some((source) => source !== undefined && /^\/dev(?:\/kfd)?\/*$/.test(source))
    || deviceReservations(view, s).some((d) => reservationDriver(view, d) === 'amd')
    || devices.some((d) => /^amd\.com\/gpu=/.test((view.str(d) ?? '').trim()));
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC417',
    name: 'rocm-without-kfd',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A ROCm service (ROCm image or base image, ROCm variables, ROCm in its name) maps /dev/dri but not /dev/kfd, AMD\'s compute interface, so HIP finds no GPU.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // A fragment's other part may map /dev/kfd.
      if (s.fragment) {
        continue;
      }
      const node = mergedGet(view, s, 'devices');
      const devices = view.items(node);
      const dri = devices.find((d) => /^\/dev\/dri(?:\/|$)/.test(hostPath(view, d)));
      const range = dri ? view.lineRange(dri) : undefined;
      if (!dri || !range || devices.some((d) => hostPath(view, d) === '/dev/kfd') || isGpuService(view, s) || reachesKfdOtherwise(view, s, devices)) {
        continue;
      }
      const sign = rocmSign(ctx, s);
      if (sign === undefined) {
        continue;
      }
      const written = view.str(dri) ?? '';
      const item = written.includes(':') ? '/dev/kfd:/dev/kfd' : '/dev/kfd';
      const edit = view.get(s.node, 'devices') === node ? insertSeqItem(view, node, item) : undefined;
      out.push(finding(range, `Service "${s.name}" runs ROCm (${sign}) and maps ${hostPath(view, dri)} but not /dev/kfd, AMD's compute interface, so HIP finds no GPU (hipErrorNoDevice) and the program fails or falls back to the CPU; add /dev/kfd to its devices, beside /dev/dri.`, edit ? { title: 'Map /dev/kfd', edits: [edit] } : undefined));
    }
    return out;
  },
};
