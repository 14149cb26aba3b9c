import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { appAndInitContainers, containerLabel, containers, finding } from './helpers';
import { effective, effectiveValue } from './security';
import { imageRepository } from '../../kubernetes/gpu';

/** Kubernetes' pause image (a GPU placeholder, a sandbox) sets USER 65535:65535 itself. */
const pauseImageRe = /(?:^|\/)pause(?:-(?:amd64|arm64))?$/;

function runsPauseImage(image: string | undefined): boolean {
  return image !== undefined && pauseImageRe.test(imageRepository(image));
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK103',
    name: 'runs-as-root',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['run-as-non-root'], kubeScore: ['container-security-context-user-group-id'], polaris: ['runAsRootAllowed'] },
    description: 'The effective runAsNonRoot is not true and the effective runAsUser is unset or 0.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, pod, c } of containers(ctx, appAndInitContainers)) {
      const view = obj.view;
      const user = effectiveValue(view, pod, c, 'runAsUser');
      if (effectiveValue(view, pod, c, 'runAsNonRoot') === true && user !== 0) {
        continue;
      }
      if ((typeof user === 'number' && user !== 0) || (user === undefined && runsPauseImage(view.text(c.node, 'image')))) {
        continue;
      }
      const explicit = user === 0 ? effective(view, pod, c, 'runAsUser') : undefined;
      const range = explicit ? view.range(explicit.node) : c.anchor;
      if (range) {
        // runAsUser 0 is no "may": the container runs as root whatever the image's USER says (istio-init).
        const state = user === 0 ? 'runs as root (runAsUser 0)' : "may run as root (runAsUser unset, runAsNonRoot not true)";
        out.push(finding(range, `${containerLabel(c)} ${state}; set runAsNonRoot: true and a numeric runAsUser (check the image's USER), or suppress with a reason for images that need root.`));
      }
    }
    return out;
  },
};
