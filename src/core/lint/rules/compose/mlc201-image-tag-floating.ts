import type { ComposeRule } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { isInterpolated, mergedGet, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import { originNote } from '../../compose/interpolate';
import { parseImageRef } from '../../dockerfile/image-ref';
import { localImagesOf } from '../../dockerfile/local-images';
import type { YamlView } from '../../yaml/access';
import { defaultFloatingTagsText, floatingTagTest } from '../../floating-tags';
import type { RuleFinding } from '../../types';
import { finding, services } from './helpers';

/** The images the file's `build:` services produce (`image:` beside `build:`), as Compose reads them. */
function builtImages(view: YamlView, all: readonly ComposeService[]): string[] {
  return all.flatMap((s) => {
    const pair = mergedGet(view, s, 'build') === undefined ? undefined : mergedPair(view, s, 'image');
    const written = pair ? view.str(pair.value) : undefined;
    return written === undefined ? [] : [composeReading(view, written).value];
  });
}

export const rule: ComposeRule = {
  meta: {
    id: 'MLC201',
    name: 'image-tag-floating',
    family: 'reproducibility',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { dclint: ['service-image-require-explicit-tag'] },
    description: `image has no tag and no digest, or a prohibited floating tag (${defaultFloatingTagsText}).`,
  },
  check(ctx) {
    const view = ctx.view;
    const floating = floatingTagTest(ctx.settings.ruleOptions.MLC201?.floatingTags);
    const out: RuleFinding[] = [];
    const built = localImagesOf(builtImages(view, services(ctx)));
    for (const s of services(ctx)) {
      // With build:, image only names what the build produces.
      if (mergedGet(view, s, 'build') !== undefined) {
        continue;
      }
      const pair = mergedPair(view, s, 'image');
      const written = pair ? view.str(pair.value) : undefined;
      const reading = written !== undefined ? composeReading(view, written) : undefined;
      const range = pair ? view.pairValueRange(pair) : undefined;
      if (reading === undefined || !range || isInterpolated(reading.value)) {
        continue;
      }
      const image = reading.value;
      const parsed = parseImageRef(image);
      // Another service builds it (a worker beside the API it shares an image with): the tag names that build.
      if (!parsed.ok || parsed.ref.digest !== undefined || built?.has(parsed.ref)) {
        continue;
      }
      const tag = parsed.ref.tag;
      if (tag === undefined) {
        const note = originNote(reading);
        out.push(finding(range, `${image === written || note !== '' ? 'Image' : 'Default image'} "${image}"${note && ` ${note}`} has no tag, so it means :latest and changes under you; pin a version tag or a digest.`));
      } else if (floating(tag)) {
        // Without a digest, the tag ends the reference.
        const note = originNote(reading, image.length - tag.length);
        out.push(finding(range, `Image tag "${tag}"${note && ` ${note}`} floats: it names whatever was last pushed or built under that tag; pin a version tag or a digest.`));
      }
    }
    return out;
  },
};
