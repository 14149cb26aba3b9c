import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import { environmentValue } from '../../compose/gpu-programs';
import type { Fix, Range, RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { wordRange } from '../../yaml/word-range';
import type { CudaSelector } from './cuda-selectors';
import { cudaSelectors, settingNodes } from './cuda-selectors';
import { getsDevices, variantGivingDevices } from './devices-given';
import { finding, insertKey, services, targetsJetson } from './helpers';

/** The selector is written in a node another service shares (an anchor) and that service gets a GPU: the setting is the project's, not this service's. */
function sharedWithGpuService(view: YamlView, selector: CudaSelector, s: ComposeService, all: readonly ComposeService[], given: (t: ComposeService) => boolean): boolean {
  return all.some((t) => t !== s && settingNodes(view, t).has(selector.node) && given(t));
}

/** Where the selector is written in this file; undefined when it comes from another file (a base it extends, the override file). */
function selectorRange(view: YamlView, selector: CudaSelector): Range | undefined {
  if (view.range(selector.node) === undefined) {
    return undefined;
  }
  return selector.word !== undefined ? wordRange(view.file, selector.node, selector.word) : view.lineRange(selector.node);
}

/** A reservation of as many GPUs as the selected index needs (`cuda:1` is the second GPU the container sees). */
function countReservation(count: number): string[] {
  return ['deploy:', '  resources:', '    reservations:', '      devices:', '        - driver: nvidia', `          count: ${count}`, '          capabilities: [gpu]'];
}

/** Inserts the reservation into a block-mapping service that has no `deploy:` of its own or merged in. */
function reserveFix(view: YamlView, s: ComposeService, count: number): Fix | undefined {
  const edit = s.node.flow || mergedGet(view, s, 'deploy') !== undefined ? undefined : insertKey(view, s.node, countReservation(count).join('\n'));
  return edit && { title: `Reserve ${count === 1 ? 'a GPU' : `${count} GPUs`} (deploy.resources.reservations.devices)`, edits: [edit] };
}

/** NVIDIA_VISIBLE_DEVICES naming GPUs, which only the nvidia runtime reads: words saying it does not give the service one. */
function visibleDevicesNote(view: YamlView, s: ComposeService): string {
  const value = environmentValue(view, s, 'NVIDIA_VISIBLE_DEVICES')?.trim();
  if (value === undefined || value === '' || value === 'none' || value === 'void') {
    return '';
  }
  return ` (its NVIDIA_VISIBLE_DEVICES=${value} does not give it one: only the nvidia runtime reads that variable, and Docker runs runc unless the daemon's default runtime is nvidia)`;
}

function message(view: YamlView, s: ComposeService, selector: CudaSelector, count: number): string {
  const reservation = `deploy.resources.reservations.devices: [{driver: nvidia, count: ${count}, capabilities: [gpu]}]`;
  const countNote = count > 1 ? ` (count: ${count}, since cuda:${count - 1} needs ${count} GPUs in the container)` : '';
  const cpu = selector.variable !== undefined ? `, or set ${selector.variable}=cpu if it should run on the CPU` : ', or pass --device cpu if it should run on the CPU';
  return `Service "${s.name}" selects CUDA with ${selector.text} but requests no GPU, so Docker starts it without one${visibleDevicesNote(view, s)} and the program fails at start (PyTorch: "Found no NVIDIA driver on your system") or runs on the CPU; reserve a GPU with ${reservation}${countNote}${cpu}.`;
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC416',
    name: 'gpu-selected-without-request',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: 'A service selects CUDA (DEVICE=cuda, TORCH_DEVICE=cuda:0, --device cuda) but requests no GPU (no device reservation, gpus:, nvidia runtime, devices: or privileged, here or in a variant file beside it such as docker-compose.gpu.yml), so Docker starts it without one.',
  },
  check(ctx) {
    const view = ctx.view;
    const all = services(ctx);
    const out: RuleFinding[] = [];
    // A variant file beside this one (`docker-compose.gpu.yml`) may give a service its GPU: asked last, as it reads them.
    const given = (t: ComposeService) => getsDevices(view, t) || variantGivingDevices(ctx, t) !== undefined;
    for (const s of all) {
      // A fragment's other part may request the GPU; a variant that completes the main file's service is judged merged, for what it writes itself.
      if ((s.fragment && s.completesMain !== true) || getsDevices(view, s) || targetsJetson(view, s, ctx.path)) {
        continue;
      }
      const selectors = cudaSelectors(view, s).filter((sel) => !sharedWithGpuService(view, sel, s, all, given));
      const shown = selectors.find((sel) => selectorRange(view, sel) !== undefined);
      const selector = shown ?? (s.completesMain === true ? undefined : selectors[0]);
      if (selector === undefined || variantGivingDevices(ctx, s) !== undefined) {
        continue;
      }
      const count = Math.max(...selectors.map((sel) => sel.index)) + 1;
      out.push(finding(selectorRange(view, selector) ?? s.anchor, message(view, s, selector, count), reserveFix(view, s, count)));
    }
    return out;
  },
};
