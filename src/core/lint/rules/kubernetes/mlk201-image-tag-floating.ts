import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { containerLabel, containers, finding, imageRef } from './helpers';

const defaultFloating: ReadonlySet<string> = new Set(['latest']);

/** The image as Kustomize's `images[].name` matches it: the reference without its tag and digest. */
function kustomizeImageName(image: string): string {
  const at = image.indexOf('@');
  const bare = at >= 0 ? image.slice(0, at) : image;
  const colon = bare.lastIndexOf(':');
  return colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK201',
    name: 'image-tag-floating',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['latest-tag'], kubeScore: ['container-image-tag'], polaris: ['tagNotSpecified'] },
    description: 'A container image has no tag and no digest, or a floating tag (default list: latest).',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const configured = ctx.settings.ruleOptions.MLK201?.floatingTags;
    const floating = Array.isArray(configured) ? new Set(configured.filter((t): t is string => typeof t === 'string')) : defaultFloating;
    for (const { obj, c } of containers(ctx)) {
      if (c.imageAtRunTime === true) {
        continue;
      }
      const view = obj.view;
      const image = view.text(c.node, 'image');
      // The reference grammar, not a `:` test, so a registry port is not a tag (trap T3).
      const parsed = image !== undefined ? imageRef(image) : undefined;
      if (!parsed?.ok || parsed.ref.digest !== undefined) {
        continue;
      }
      // A kustomization over the file pins this image (`images: [{name, newTag}]`): its own tag never reaches the cluster.
      if (ctx.kustomizeBuild?.images.has(kustomizeImageName((image as string).trim())) === true) {
        continue;
      }
      const { tag } = parsed.ref;
      const range = tag === undefined || floating.has(tag) ? view.valueRange(c.node, 'image') : undefined;
      if (!range) {
        continue;
      }
      if (tag === undefined) {
        out.push(finding(range, `${containerLabel(c)} pulls "${image ?? ''}" without a tag, which means :latest and changes under you; pin a version tag (and ideally a @sha256 digest).`));
      } else if (floating.has(tag)) {
        out.push(finding(range, `${containerLabel(c)} uses the floating tag "${tag}", so each node may run a different image; pin a version tag (and ideally a @sha256 digest).`));
      }
    }
    return out;
  },
};
