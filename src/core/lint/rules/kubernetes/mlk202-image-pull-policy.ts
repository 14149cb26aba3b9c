import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, imageRef } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK202',
    name: 'image-pull-policy',
    family: 'reproducibility',
    severity: 'hint',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { kubeScore: ['container-image-pull-policy'], polaris: ['pullPolicyNotAlways'] },
    description: 'imagePullPolicy is IfNotPresent or Never while the image is not pinned by digest.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const { obj, c } of containers(ctx)) {
      if (c.imageAtRunTime === true) {
        continue;
      }
      const view = obj.view;
      const policy = view.text(c.node, 'imagePullPolicy');
      if (policy !== 'IfNotPresent' && policy !== 'Never') {
        continue;
      }
      const image = view.text(c.node, 'image');
      const range = view.valueRange(c.node, 'imagePullPolicy');
      // Digest-pinned images are right to use IfNotPresent (trap T30): only mutable tags are reported.
      if (image === undefined || !range) {
        continue;
      }
      const parsed = imageRef(image);
      if (parsed.ok && parsed.ref.digest === undefined) {
        out.push(finding(range, `${containerLabel(c)} uses imagePullPolicy ${policy} with the mutable tag of "${image}", so nodes keep running whatever they pulled first; pin the image by @sha256 digest.`));
      }
    }
    return out;
  },
};
