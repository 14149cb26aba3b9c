import type { PodSpecRef } from '../../kubernetes/model';
import { resourceEntries } from '../../kubernetes/gpu';
import { parseQuantity } from '../../kubernetes/quantity';
import type { YamlView } from '../../yaml/access';

/**
 * The variable Habana's container runtime hands a container the Gaudi devices by (`all`: every Gaudi of the node), as
 * NVIDIA's runtime does with NVIDIA_VISIBLE_DEVICES: a value in the pod spec replaces the one the device plugin sets.
 */
export const gaudiVisibleDevices = 'HABANA_VISIBLE_DEVICES';

const sections = ['limits', 'requests'] as const;

/** A container of the pod asks for Gaudi devices (`habana.ai/gaudi`; a count it cannot read counts). */
export function requestsGaudi(view: YamlView, pod: PodSpecRef): boolean {
  return pod.containers.some((c) =>
    sections.some((section) => resourceEntries(view, c.node, section).some((e) => e.name.startsWith('habana.ai/') && (parseQuantity(view.scalar(e.value)?.value) ?? 1) > 0)),
  );
}
