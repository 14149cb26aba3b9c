import { finalCudaMajor, mappedContainers } from '../../cross/image';
import type { CrossFinding, CrossRule } from '../../cross/rule';

/** Minimum driver branch for each CUDA major. */
const driverFor: Record<number, number> = { 11: 450, 12: 525, 13: 580 };

export const rule: CrossRule = {
  meta: {
    id: 'MLX401',
    name: 'cuda-base-vs-node-driver',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: "The mapped Dockerfile's CUDA base needs a newer driver than cluster.driverFloor, so the container toolkit refuses to start it.",
  },
  check(ws) {
    const floor = Number.parseInt(ws.config.cluster.driverFloor ?? '', 10);
    if (!Number.isFinite(floor)) {
      return [];
    }
    const out: CrossFinding[] = [];
    for (const { entry, c, dockerfile } of mappedContainers(ws)) {
      const major = finalCudaMajor(dockerfile);
      const needed = major !== undefined ? driverFor[major] : undefined;
      const range = entry.obj.view.valueRange(c.node, 'image');
      if (needed === undefined || floor >= needed || !range) {
        continue;
      }
      out.push({
        path: entry.path,
        range,
        object: entry.obj,
        message: `the image is built from ${dockerfile.path} on CUDA ${major as number}, which needs driver ≥ ${needed}, but cluster.driverFloor is ${floor}; the container toolkit refuses to start it on older nodes. Use a CUDA ${major as number - 1}.x base or raise the node driver.`,
        related: { file: dockerfile.path, range: dockerfile.model.finalStage?.from.range ?? range, message: 'the CUDA base' },
      });
    }
    return out;
  },
};
