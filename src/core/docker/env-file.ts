export interface EnvFileResult {
  /** KEY=VALUE entries, in file order, as the engine's Config.Env takes them. */
  env: string[];
  problems: { line: number; message: string }[];
}

/**
 * Parses an env file with the docker CLI's --env-file rules: one KEY=VALUE per line, values taken
 * literally (quotes are kept), `#` comment lines and blank lines skipped, leading whitespace of the
 * key trimmed, and a bare KEY taking its value from `environment` (left out when unset there).
 */
export function parseEnvFile(text: string, environment: Readonly<Record<string, string | undefined>> = {}): EnvFileResult {
  const env: string[] = [];
  const problems: EnvFileResult['problems'] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line.trimEnd();
    if (key === '') {
      problems.push({ line: index + 1, message: 'no variable name before "="' });
      return;
    }
    if (/\s/.test(key)) {
      problems.push({ line: index + 1, message: `variable "${key}" contains whitespace` });
      return;
    }
    if (eq >= 0) {
      env.push(`${key}=${line.slice(eq + 1)}`);
      return;
    }
    const value = environment[key];
    if (value !== undefined) {
      env.push(`${key}=${value}`);
    }
  });
  return { env, problems };
}
