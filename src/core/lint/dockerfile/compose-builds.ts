import { parse } from 'yaml';

/** One Compose service's build: where its Dockerfile is, the named contexts (`additional_contexts`) it passes and the images it tags. */
export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  contexts: string[];
  /** The service's `image:` and `build.tags`: Compose tags the image it builds with them. Absent when none. */
  images?: string[];
  /** `build.target`: the stage the build produces, when written literally. */
  target?: string;
  /** The Dockerfile is written in the Compose file (`dockerfile_inline`), not read from `dockerfile`. */
  inline?: true;
}

/** Past this a Compose file is not read for builds. */
const maxComposeChars = 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `additional_contexts` as a mapping (`name: source`) or a list (`name=source`): the names. */
function contextNames(v: unknown): string[] {
  if (isRecord(v)) {
    return Object.keys(v);
  }
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.includes('=')).map((x) => x.slice(0, x.indexOf('='))) : [];
}

/** Strings of a list, without the interpolated ones (`${REGISTRY}/app`), whose value depends on the environment. */
function literalStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !x.includes('$')) : [];
}

/**
 * The images a service builds and tags: `image:` and `build.tags` beside `build:`. Under a pull policy other than
 * `build` (or none, under which Compose builds what no registry has) the image is meant to come from a registry.
 */
function builtImages(service: Record<string, unknown>, build: unknown): string[] {
  if (service.pull_policy !== undefined && service.pull_policy !== 'build') {
    return [];
  }
  return [...literalStrings([service.image]), ...(isRecord(build) ? literalStrings(build.tags) : [])];
}

/** The builds a Compose file's services declare that pass named contexts or tag the image they build. */
export function composeBuilds(text: string): ComposeBuild[] {
  return composeServiceBuilds(text).filter((b) => b.contexts.length > 0 || b.images !== undefined);
}

/** Every build a Compose file's services declare. */
export function composeServiceBuilds(text: string): ComposeBuild[] {
  if (text.length > maxComposeChars || text.includes('\0') || !text.includes('build')) {
    return [];
  }
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch {
    return [];
  }
  const services = isRecord(doc) && isRecord(doc.services) ? doc.services : {};
  const builds: ComposeBuild[] = [];
  for (const service of Object.values(services)) {
    if (!isRecord(service)) {
      continue;
    }
    const build = service.build;
    if (!isRecord(build) && typeof build !== 'string') {
      continue;
    }
    const contexts = isRecord(build) ? contextNames(build.additional_contexts) : [];
    const images = builtImages(service, build);
    const target = isRecord(build) ? literalStrings([build.target])[0] : undefined;
    const where = isRecord(build) ? { ...(typeof build.context === 'string' ? { context: build.context } : {}), ...(typeof build.dockerfile === 'string' ? { dockerfile: build.dockerfile } : {}) } : { context: build };
    const inline = isRecord(build) && build.dockerfile_inline !== undefined;
    builds.push({ contexts, ...where, ...(images.length > 0 ? { images } : {}), ...(target !== undefined ? { target } : {}), ...(inline ? { inline: true as const } : {}) });
  }
  return builds;
}
