import type { ComposeRule } from '../../compose/rule';
import { isInterpolated, mergedGet, mergedPair } from '../../compose/model';
import { composeReading } from '../../compose/image';
import { fromEnvNote } from '../../compose/interpolate';
import { parseImageRef } from '../../dockerfile/image-ref';
import type { RuleFinding } from '../../types';
import { finding, services } from './helpers';

function prohibitedTags(options: Record<string, unknown> | undefined): string[] {
  const v = options?.floatingTags;
  return Array.isArray(v) && v.every((t) => typeof t === 'string') ? (v) : ['latest'];
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
    description: 'image has no tag and no digest, or a prohibited floating tag (default: latest).',
  },
  check(ctx) {
    const view = ctx.view;
    const tags = prohibitedTags(ctx.settings.ruleOptions.MLC201);
    const out: RuleFinding[] = [];
    for (const s of services(ctx)) {
      // With build:, image only names what the build produces.
      if (mergedGet(view, s, 'build') !== undefined) {
        continue;
      }
      const pair = mergedPair(view, s, 'image');
      const written = pair ? view.str(pair.value) : undefined;
      const reading = written !== undefined ? composeReading(view, written) : undefined;
      const image = reading?.value;
      const fromEnv = reading?.fromEnv.length ? reading.fromEnv : undefined;
      const range = pair ? view.pairValueRange(pair) : undefined;
      if (image === undefined || !range || isInterpolated(image)) {
        continue;
      }
      const parsed = parseImageRef(image);
      if (!parsed.ok || parsed.ref.digest !== undefined) {
        continue;
      }
      const tag = parsed.ref.tag;
      const note = fromEnv ? ` ${fromEnvNote(fromEnv)}` : '';
      if (tag === undefined) {
        out.push(finding(range, `${image === written || fromEnv ? 'Image' : 'Default image'} "${image}"${note} has no tag, so it means :latest and changes under you; pin a version tag or a digest.`));
      } else if (tags.includes(tag)) {
        out.push(finding(range, `Image tag "${tag}"${note} floats to whatever was pushed last; pin a version tag or a digest.`));
      }
    }
    return out;
  },
};
