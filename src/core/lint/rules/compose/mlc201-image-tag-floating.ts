import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, mergedGet, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import { originNote } from '../../compose/interpolate';
import { parseImageRef } from '../../dockerfile/image-ref';
import { defaultFloatingTagsText, floatingTagTest } from '../../floating-tags';
import type { RuleFinding } from '../../types';
import { finding, services } from './helpers';

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
      if (!parsed.ok || parsed.ref.digest !== undefined) {
        continue;
      }
      const tag = parsed.ref.tag;
      if (tag === undefined) {
        const note = originNote(reading);
        out.push(finding(range, `${image === written || note !== '' ? 'Image' : 'Default image'} "${image}"${note && ` ${note}`} has no tag, so it means :latest and changes under you; pin a version tag or a digest.`));
      } else if (floating(tag)) {
        // Without a digest, the tag ends the reference.
        const note = originNote(reading, image.length - tag.length);
        out.push(finding(range, `Image tag "${tag}"${note && ` ${note}`} floats to whatever was pushed last; pin a version tag or a digest.`));
      }
    }
    return out;
  },
};
