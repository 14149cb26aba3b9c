import { isGpuExporterImage, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { gaudiVisibleDevices } from './gaudi-devices';
import { containerLabel, containers, envEntries, finding } from './helpers';
import { hidesAllGpus, isDevicePluginPod } from './legacy-gpu';

const gaudiMessage = (label: string, value: string): string =>
  `${label} sets ${gaudiVisibleDevices}=${value} without requesting a Gaudi, so Habana's container runtime may hand it every Gaudi on the node outside the device plugin's accounting; request habana.ai/gaudi in resources.limits instead.`;

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK412',
    name: 'visible-devices-env-without-gpu',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A pod that requests no accelerator sets NVIDIA_VISIBLE_DEVICES (or Gaudi\'s HABANA_VISIBLE_DEVICES).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (obj?.workload === 'daemon' && ctx.cluster.exemptNamespaces.includes(obj.namespace ?? '')) {
      return out;
    }
    for (const { obj: o, pod, c } of containers(ctx)) {
      const view = o.view;
      // A GPU metrics exporter must see every GPU of the node without taking one from the device plugin.
      if (podRequestsAccelerator(view, pod, ctx.cluster) || isGpuExporterImage(view.text(c.node, 'image'))) {
        continue;
      }
      for (const e of envEntries(view, c.node)) {
        // A device plugin must see every GPU of the node to advertise them.
        // Habana's hooks have disagreed on an empty value and `void`: left alone, as NVIDIA's are.
        if ((e.name !== 'NVIDIA_VISIBLE_DEVICES' && e.name !== gaudiVisibleDevices) || e.value === undefined || hidesAllGpus(e.value) || isDevicePluginPod(o, pod)) {
          continue;
        }
        const range = view.range(e.nameNode);
        if (range) {
          out.push(finding(range, e.name === gaudiVisibleDevices ? gaudiMessage(containerLabel(c), e.value) : `${containerLabel(c)} sets NVIDIA_VISIBLE_DEVICES=${e.value} without requesting a GPU, so it may see every GPU on the node outside the device plugin's accounting; request the GPU in resources.limits instead.`));
        }
      }
    }
    return out;
  },
};
