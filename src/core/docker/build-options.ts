/** What the user chose for a build, and the Engine API query it becomes; pure. */
export interface BuildRequest {
  /** Path of the Dockerfile relative to the context root, forward slashes. */
  dockerfile: string;
  tags: string[];
  buildArgs: Record<string, string>;
  target?: string;
  platform?: string;
  labels?: Record<string, string>;
  noCache?: boolean;
}

export interface EngineBuildQuery {
  dockerfile: string;
  t: string[];
  buildargs: Record<string, string>;
  labels: Record<string, string>;
  target?: string;
  platform?: string;
  nocache?: boolean;
  rm: true;
  forcerm: true;
}

/** As `docker build`: remove intermediate containers, even after a failure (`--force-rm`). */
export function engineBuildQuery(r: BuildRequest): EngineBuildQuery {
  return {
    dockerfile: r.dockerfile,
    t: r.tags,
    buildargs: r.buildArgs,
    labels: r.labels ?? {},
    rm: true,
    forcerm: true,
    ...(r.target ? { target: r.target } : {}),
    ...(r.platform ? { platform: r.platform } : {}),
    ...(r.noCache ? { nocache: true } : {}),
  };
}

/** `KEY=VALUE` pairs separated by spaces or newlines; a bare `KEY` is an error like the CLI's empty value. */
export function parseBuildArgs(input: string): { ok: true; args: Record<string, string> } | { ok: false; reason: string } {
  const args: Record<string, string> = {};
  for (const token of input.split(/[\s]+/).filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq <= 0) {
      return { ok: false, reason: `"${token}" is not KEY=VALUE` };
    }
    args[token.slice(0, eq)] = token.slice(eq + 1);
  }
  return { ok: true, args };
}

const tagRe = /^(?:[a-z0-9]+(?:[._-]|__|-+)?)*[a-z0-9](?:\.[a-z0-9-]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

/** Checks a repository[:tag] the way the engine would reject it, with a readable reason. */
export function validateTag(tag: string): string | undefined {
  if (tag.trim() === '') {
    return 'Enter an image name, e.g. my-model:latest';
  }
  if (tag !== tag.toLowerCase() && !/:[\w][\w.-]*$/.test(tag)) {
    return 'Repository names must be lowercase';
  }
  const repoPart = tag.replace(/:[\w][\w.-]{0,127}$/, '');
  if (repoPart !== repoPart.toLowerCase()) {
    return 'Repository names must be lowercase';
  }
  return tagRe.test(tag) ? undefined : `"${tag}" is not a valid image name (repository[:tag])`;
}

/** Most recent first, without duplicates, at most `max`. */
export function rememberTag(recent: readonly string[], tag: string, max = 10): string[] {
  return [tag, ...recent.filter((t) => t !== tag)].slice(0, max);
}

/** The default tag for a Dockerfile in a folder: the folder name, lowercased and sanitised, `:latest`. */
export function defaultTag(folderName: string): string {
  const repo = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[._-]+$/g, '') || 'image';
  return `${repo}:latest`;
}
