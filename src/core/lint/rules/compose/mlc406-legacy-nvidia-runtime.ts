import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import { serviceImage } from '../../compose/image';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { allGpusReservation, deviceReservations, finding, serviceRepository, services } from './helpers';

/** GPUs are already requested the current way: `gpus:`, or a device reservation for the nvidia driver or the gpu capability. */
function requestsGpus(view: YamlView, service: ComposeService): boolean {
  const gpuDevice = (d: unknown) => view.text(d, 'driver') === 'nvidia' || view.items(view.get(d, 'capabilities')).some((c) => view.str(c) === 'gpu');
  return mergedGet(view, service, 'gpus') !== undefined || deviceReservations(view, service).some(gpuDevice);
}

const jetsonWord = /jetson|l4t|tegra/i;
const jetsonImage = /(?:^|\/)l4t-|^dustynv\/|deepstream-l4t|jetson/i;

/**
 * The service targets a Jetson (L4T/JetPack), where NVIDIA's docs and jetson-containers use the nvidia runtime and
 * device reservations take a CSV-mode path not recommended there: the file's name, the build context or Dockerfile
 * path, or the image (`nvcr.io/nvidia/l4t-pytorch`, `dustynv/…`, `deepstream-l4t`) says so.
 */
function targetsJetson(view: YamlView, service: ComposeService, path: string | undefined): boolean {
  const build = mergedGet(view, service, 'build');
  const names = [path?.split('/').pop() ?? '', view.str(build) ?? view.text(build, 'context') ?? '', view.text(build, 'dockerfile') ?? ''];
  const image = serviceImage(view, service) ?? '';
  const tag = image.slice(image.lastIndexOf('/') + 1).split('@')[0]?.split(':')[1] ?? '';
  // A Jetson build of a general image says so in its tag (`ultralytics/ultralytics:latest-jetson-jetpack6`).
  return names.some((n) => jetsonWord.test(n)) || jetsonImage.test(serviceRepository(view, service)) || /jetson|jetpack|l4t/i.test(tag);
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC406',
    name: 'legacy-nvidia-runtime',
    family: 'ml',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'runtime: nvidia is used instead of a GPU device reservation or gpus:.',
  },
  check(ctx) {
    const view = ctx.view;
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      const pair = view.pair(s.node, 'runtime');
      // Next to a reservation or gpus:, the runtime line is redundant, not legacy usage (the catalogue fires only "instead of" them).
      if (!pair || view.str(pair.value) !== 'nvidia' || requestsGpus(view, s) || targetsJetson(view, s, ctx.path)) {
        continue;
      }
      const key = view.range(pair.key);
      const value = view.range(pair.value);
      if (!key || !value) {
        continue;
      }
      // Converting in place is safe in a block mapping that has no deploy: yet.
      const canFix = !s.node.flow && mergedGet(view, s, 'deploy') === undefined && key.start.line === value.end.line;
      const indent = ' '.repeat(key.start.column - 1);
      const fix = canFix ? { title: 'Convert to a GPU device reservation', edits: [{ range: { start: key.start, end: value.end }, newText: allGpusReservation.join(`\n${indent}`) }] } : undefined;
      out.push(finding(value, `Service "${s.name}" uses the legacy nvidia runtime; request GPUs with a device reservation (deploy.resources.reservations.devices with capabilities: [gpu]) or gpus: instead.`, fix));
    }
    return out;
  },
};
