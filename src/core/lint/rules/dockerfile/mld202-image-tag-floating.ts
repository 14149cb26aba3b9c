import { isDistroChannelTag } from '../../dockerfile/distro-channel-tags';
import { isNvidiaCuda } from '../../dockerfile/image-ref';
import { defaultFloatingTagsText, floatingTagTest } from '../../floating-tags';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD202',
    name: 'image-tag-floating',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { hadolint: ['DL3007'] },
    description: `A FROM tag is floating (${defaultFloatingTagsText}) and no digest is given.`,
  },
  check({ model, settings, localImages }) {
    const out: RuleFinding[] = [];
    const floating = floatingTagTest(settings.ruleOptions.MLD202?.floatingTags);
    for (const stage of model.stages) {
      const ref = stage.ref;
      if (!ref || !stage.imageWord || isNvidiaCuda(ref) || ref.tag === undefined || ref.digest !== undefined || localImages?.has(ref)) {
        continue;
      }
      if (isDistroChannelTag(ref)) {
        const image = ref.path.replace(/^library\//, '');
        out.push(finding(stage.imageWord.range, `${image}:${ref.tag} follows a rolling or development channel, so rebuilds silently move to the next release; pin a release tag (and ideally a @sha256 digest).`));
        continue;
      }
      if (!floating(ref.tag)) {
        continue;
      }
      // Intel Gaudi's vault has no version tags: the release is in the path (gaudi-docker/1.21.1/…) and "latest" is the only tag.
      const versionedPath = ref.domain === 'vault.habana.ai' && ref.tag === 'latest' && /\/\d+\.\d+\.\d+\//.test(`/${ref.path}/`);
      out.push(
        finding(
          stage.imageWord.range,
          versionedPath
            ? 'The Gaudi vault tags each release (the version in the path) only "latest", and re-pushes it with fixes, so rebuilds can silently change the base; pin it by @sha256 digest.'
            : `The tag "${ref.tag}" moves over time, so rebuilds silently change the base; pin a version tag (and ideally a @sha256 digest).`,
        ),
      );
    }
    return out;
  },
};
