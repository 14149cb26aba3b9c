import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { kustomizeImageName, renamedImages } from '../../kubernetes/kustomize';
import { imageReplaced } from '../../kubernetes/kustomize-image-fields';
import { defaultFloatingTagsText, floatingTagTest } from '../../floating-tags';
import { containerLabel, containers, finding, imageRef } from './helpers';

/** ` (a kustomization renames it to "…")` when the kustomizations over the file rename the image; '' otherwise. */
function renamedTo(renamed: readonly string[]): string {
  return renamed.length === 0 ? '' : ` (a kustomization renames it to ${renamed.map((r) => `"${r}"`).join(' or ')})`;
}

/** Where the tag goes when a kustomization renames the image: its `images:` entry (`newTag`). */
function pinWhere(renamed: readonly string[]): string {
  return renamed.length === 0 ? '' : ' with newTag in the kustomization\'s images: entry';
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
    description: `A container image has no tag and no digest, or a floating tag (${defaultFloatingTagsText}).`,
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const floating = floatingTagTest(ctx.settings.ruleOptions.MLK201?.floatingTags);
    const pinned = ctx.kustomizeBuild?.images ?? new Set<string>();
    const renames = ctx.kustomizeBuild?.renames ?? [];
    // A kustomization's replacement writes the object's container images: the manifest's never reach the cluster.
    if (ctx.object && imageReplaced(ctx.kustomizeBuild?.imagesReplaced, ctx.object)) {
      return out;
    }
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
      // A kustomization over the file pins this image (`images: [{name, newTag}]`), or the name another renames
      // it to (the order of the two is not known here): its own tag never reaches the cluster.
      const renamed = renamedImages((image as string).trim(), renames);
      if ([(image as string).trim(), ...renamed].some((ref) => pinned.has(kustomizeImageName(ref)))) {
        continue;
      }
      const { tag } = parsed.ref;
      const range = tag === undefined || floating(tag) ? view.valueRange(c.node, 'image') : undefined;
      if (!range) {
        continue;
      }
      if (tag === undefined) {
        out.push(finding(range, `${containerLabel(c)} pulls "${image ?? ''}"${renamedTo(renamed)} without a tag, which means :latest and changes under you; pin a version tag${pinWhere(renamed)} (and ideally a @sha256 digest).`));
      } else if (floating(tag)) {
        out.push(finding(range, `${containerLabel(c)} uses the floating tag "${tag}"${renamedTo(renamed)}, so each node may run a different image; pin a version tag${pinWhere(renamed)} (and ideally a @sha256 digest).`));
      }
    }
    return out;
  },
};
