import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appContainers, containerLabel, containers, finding } from './helpers';
import { containerValue } from './security';
import { imageRepository, isGpuContainer, isNimRepository, isServingContainer, runsMlCommand } from '../../kubernetes/gpu';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK104',
    name: 'writable-root-filesystem',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['no-read-only-root-fs'], kubeScore: ['container-security-context-readonlyrootfilesystem'], polaris: ['notReadOnlyRootFilesystem'] },
    description: 'readOnlyRootFilesystem is not true.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx, appContainers)) {
      if (containerValue(obj.view, c, 'readOnlyRootFilesystem') === true) {
        continue;
      }
      // NVIDIA NIM keeps its model cache in /opt/nim/.cache (NIM_CACHE_PATH), not in the Hugging Face cache.
      const image = obj.view.text(c.node, 'image');
      const nim = image !== undefined && isNimRepository(imageRepository(image));
      // The model cache is worth naming only where models are loaded: a database, exporter or controller has none.
      const ml = nim || isServingContainer(obj, c, ctx.cluster) || isGpuContainer(obj.view, c, ctx.cluster) || runsMlCommand(obj.view, c.node);
      const where = ml ? `/tmp and the model cache (e.g. ${nim ? '/opt/nim/.cache' : '/root/.cache/huggingface'})` : 'the paths it writes (e.g. /tmp)';
      out.push(finding(c.anchor, `${containerLabel(c)} has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at ${where}.`));
    }
    return out;
  },
};
