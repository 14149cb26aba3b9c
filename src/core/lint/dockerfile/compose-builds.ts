import { parse } from 'yaml';

/** One Compose service's build: where its Dockerfile is and the named contexts (`additional_contexts`) it passes. */
export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  contexts: string[];
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

/** The builds a Compose file's services declare with an object `build:` (a bare context path passes no named contexts). */
export function composeBuilds(text: string): ComposeBuild[] {
  if (text.length > maxComposeChars || text.includes('\0') || !text.includes('additional_contexts')) {
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
    const build = isRecord(service) ? service.build : undefined;
    if (!isRecord(build)) {
      continue;
    }
    const contexts = contextNames(build.additional_contexts);
    if (contexts.length === 0) {
      continue;
    }
    builds.push({ contexts, ...(typeof build.context === 'string' ? { context: build.context } : {}), ...(typeof build.dockerfile === 'string' ? { dockerfile: build.dockerfile } : {}) });
  }
  return builds;
}
