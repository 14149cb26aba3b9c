import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { KustomizeImageRename } from '../../kubernetes/kustomize';
import { kustomizeImageName, renamedImages } from '../../kubernetes/kustomize';
import { imageReplaced } from '../../kubernetes/kustomize-image-fields';
import { defaultFloatingTagsText, floatingTagTest } from '../../floating-tags';
import { containerLabel, containers, finding, imageRef } from './helpers';

/** ` (a kustomization renames it to "…")` when the kustomizations over the file rename the image (`retags`: only its tag); '' otherwise. */
function renamedTo(image: string, renamed: readonly string[]): string {
  const verb = renamed.every((r) => kustomizeImageName(r) === kustomizeImageName(image)) ? 'retags' : 'renames';
  return renamed.length === 0 ? '' : ` (a kustomization ${verb} it to ${renamed.map((r) => `"${r}"`).join(' or ')})`;
}

/** Where the tag goes when a kustomization renames the image: its `images:` entry (`newTag`). */
function pinWhere(renamed: readonly string[]): string {
  return renamed.length === 0 ? '' : ' with newTag in the kustomization\'s images: entry';
}

/**
 * The first reference the cluster pulls unpinned, untagged ones before floating ones: `{}` for one with no tag and no
 * digest, `{tag}` for a floating tag; undefined when each has a digest or a fixed tag. A renamed image's tag is the one
 * the rename sets (`newTag`), else its own.
 */
function unpinned(refs: readonly string[], floating: (tag: string) => boolean): { tag?: string } | undefined {
  let tag: string | undefined;
  for (const r of refs) {
    const p = imageRef(r);
    if (!p.ok || p.ref.digest !== undefined) {
      continue;
    }
    if (p.ref.tag === undefined) {
      return {};
    }
    if (tag === undefined && floating(p.ref.tag)) {
      tag = p.ref.tag;
    }
  }
  return tag !== undefined ? { tag } : undefined;
}

/** The pinned image names, less those a retag gives a floating tag. */
function unpinning(pinned: ReadonlySet<string>, retags: readonly KustomizeImageRename[]): ReadonlySet<string> {
  if (retags.length === 0) {
    return pinned;
  }
  const out = new Set(pinned);
  retags.forEach((r) => out.delete(r.name));
  return out;
}

const noRenames: readonly string[] = [];

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
    // A newTag the default list takes for fixed pins nothing when the configured list floats it (`stable`): it is then a retag.
    const floatingRetags = (ctx.kustomizeBuild?.retags ?? []).filter((r) => r.tag !== undefined && floating(r.tag));
    const pinned = unpinning(ctx.kustomizeBuild?.images ?? new Set<string>(), floatingRetags);
    const renames = [...(ctx.kustomizeBuild?.renames ?? []), ...floatingRetags];
    // A kustomization's replacement writes the object's container images: the manifest's never reach the cluster.
    if (ctx.object && imageReplaced(ctx.kustomizeBuild?.imagesReplaced, ctx.object)) {
      return out;
    }
    for (const { obj, c } of containers(ctx)) {
      if (c.imageAtRunTime === true) {
        continue;
      }
      const view = obj.view;
      const image = view.text(c.node, 'image')?.trim();
      // The reference grammar, not a `:` test, so a registry port is not a tag (trap T3).
      if (image === undefined || !imageRef(image).ok) {
        continue;
      }
      // A kustomization over the file pins this image (`images: [{name, newTag}]`), or the name another renames
      // it to (the order of the two is not known here): its own tag never reaches the cluster.
      const renamed = renames.length > 0 ? renamedImages(image, renames) : noRenames;
      if (pinned.size > 0 && [image, ...renamed].some((ref) => pinned.has(kustomizeImageName(ref)))) {
        continue;
      }
      // What the cluster pulls: the references the kustomizations rename it to, else the image as written.
      const renamedRefs = renamed.filter((ref) => imageRef(ref).ok);
      const pulled = unpinned(renamedRefs.length > 0 ? renamedRefs : [image], floating);
      // Most images are pinned: their range is never read.
      const range = pulled ? view.valueRange(c.node, 'image') : undefined;
      if (!range || !pulled) {
        continue;
      }
      if (pulled.tag === undefined) {
        out.push(finding(range, `${containerLabel(c)} pulls "${image}"${renamedTo(image, renamed)} without a tag, which means :latest and changes under you; pin a version tag${pinWhere(renamed)} (and ideally a @sha256 digest).`));
      } else {
        out.push(finding(range, `${containerLabel(c)} uses the floating tag "${pulled.tag}"${renamedTo(image, renamed)}, so each node may run a different image; pin a version tag${pinWhere(renamed)} (and ideally a @sha256 digest).`));
      }
    }
    return out;
  },
};
