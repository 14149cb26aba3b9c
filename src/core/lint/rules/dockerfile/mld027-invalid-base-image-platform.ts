import { expandVars } from '../../dockerfile/variables';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { finding, fromAnchor } from './helpers';

/**
 * Image metadata arrives as rule options, filled by whoever can inspect images (the editor's local
 * engine, the CLI with --resolve-images) or written by hand:
 * `imagePlatforms: { "<image as written after ARG substitution>": ["linux/amd64", …] }` and an optional
 * `targetPlatform` (the build's --platform). Without both sides the rule stays silent.
 */
function readOptions(options: Record<string, unknown> | undefined): { platforms: Map<string, string[]>; target?: string } {
  const platforms = new Map<string, string[]>();
  const raw = options?.['imagePlatforms'];
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    for (const [image, list] of Object.entries(raw as Record<string, unknown>)) {
      if (Array.isArray(list) && list.every((p) => typeof p === 'string')) {
        platforms.set(image, list.map((p) => p.toLowerCase()));
      }
    }
  }
  const target = options?.['targetPlatform'];
  return typeof target === 'string' && target !== '' ? { platforms, target: target.toLowerCase() } : { platforms };
}

/** `linux/arm64` matches `linux/arm64/v8`; a platform without variant matches any variant. */
function provides(list: readonly string[], wanted: string): boolean {
  return list.some((p) => p === wanted || p.startsWith(`${wanted}/`) || wanted.startsWith(`${p}/`));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD027',
    name: 'invalid-base-image-platform',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: false,
    fixable: false,
    ml: false,
    equivalents: { buildkit: ['InvalidBaseImagePlatform'] },
    description: 'According to image metadata, the base image has no variant for the platform the stage is built for.',
  },
  check({ model, settings }) {
    const { platforms, target } = readOptions(settings.ruleOptions['MLD027']);
    if (platforms.size === 0) {
      return [];
    }
    const out: RuleFinding[] = [];
    for (const stage of model.stages) {
      if (!stage.ref || stage.image === undefined) {
        continue;
      }
      const list = platforms.get(stage.image);
      const flag = stage.from.flags.find((f) => f.name === 'platform')?.value;
      let wanted = target;
      if (flag !== undefined) {
        const exp = expandVars(flag, (n) => (n === 'TARGETPLATFORM' || n === 'BUILDPLATFORM' ? target : model.globalArgs.get(n)), model.parsed.escape);
        wanted = exp.unresolved.length === 0 && exp.value !== '' ? exp.value.toLowerCase() : undefined;
      }
      if (!list || wanted === undefined || provides(list, wanted)) {
        continue;
      }
      out.push(finding(fromAnchor(stage), `${stage.image} is published only for ${list.join(', ')}, not for ${wanted}; pick a base image that has a ${wanted} variant, or build for one of its platforms.`));
    }
    return out;
  },
};
