import type { ComposeValue } from '../../cross/compose';
import { baseName, dirOf, joinPath, relativeTo } from '../../cross/paths';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import type { WorkspaceFs } from '../../cross/types';

const remoteRe = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/**
 * The sample a project ships for an env file its users create (`.env.example` for `.env`), as a workspace path: beside
 * it, else, for an env file beside the Compose file, one folder up (oobabooga's docker/.env.example for
 * docker/nvidia/docker-compose.yml's `.env`).
 */
function envSample(fs: WorkspaceFs, resolved: string, composeDir: string): string | undefined {
  const name = baseName(resolved);
  const names = ['example', 'sample', 'template', 'dist'].map((suffix) => `${name}.${suffix}`);
  const candidates = name.startsWith('.') ? [...names, `example${name}`] : names;
  const dir = dirOf(resolved);
  const dirs = dir !== '' && dir === composeDir ? [dir, dirOf(dir)] : [dir];
  return dirs.flatMap((d) => candidates.map((n) => (d === '' ? n : `${d}/${n}`))).find((p) => fs.stat(p) === 'file');
}

/** `path` as written from `dir`: relative below it, `../name` one folder up. */
function fromDir(dir: string, path: string): string {
  return dir !== '' && dirOf(path) === dirOf(dir) && !path.startsWith(`${dir}/`) ? `../${baseName(path)}` : relativeTo(dir, path);
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX004',
    name: 'compose-path-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: {},
    description: 'A Compose build.context, build.dockerfile, required env_file, extends.file or include does not exist.',
  },
  check(ws) {
    const fs = ws.fs;
    if (!fs) {
      return [];
    }
    const out: CrossFinding[] = [];
    const report = (path: string, value: ComposeValue, what: string, resolved: string, advice = 'fix the path or create it'): void => {
      out.push({ path, range: value.range, message: `${what} "${value.value}" does not exist (${resolved || '.'} in the workspace), so \`docker compose\` fails; ${advice}.` });
    };
    for (const b of ws.builds) {
      const build = b.service.build;
      const ctx = build?.context;
      if (ctx && !ctx.interpolated && !remoteRe.test(ctx.value)) {
        if (b.context !== undefined && fs.stat(b.context) !== 'dir') {
          report(ctx.path ?? b.entry.path, ctx, 'build.context', b.context);
          continue;
        }
      }
      const df = build?.dockerfile;
      if (df && !df.interpolated && b.dockerfile !== undefined && b.context !== undefined && fs.stat(b.context) === 'dir' && fs.stat(b.dockerfile) !== 'file') {
        report(df.path ?? b.entry.path, df, 'build.dockerfile', b.dockerfile);
      }
    }
    for (const entry of ws.compose) {
      // A file Compose must read: a local path that resolves inside the workspace and is not a file there.
      const missingFile = (value: ComposeValue): string | undefined => {
        const resolved = value.interpolated || remoteRe.test(value.value) ? undefined : joinPath(dirOf(entry.path), value.value);
        return resolved !== undefined && fs.stat(resolved) !== 'file' ? resolved : undefined;
      };
      for (const include of entry.compose.includes) {
        const resolved = missingFile(include);
        if (resolved !== undefined) {
          report(entry.path, include, 'include', resolved);
        }
      }
      for (const service of entry.compose.services) {
        for (const env of service.envFiles) {
          const resolved = env.required ? missingFile(env) : undefined;
          const sample = resolved === undefined ? undefined : envSample(fs, resolved, dirOf(entry.path));
          if (resolved !== undefined) {
            const here = (p: string): string => fromDir(dirOf(entry.path), p);
            const where = sample && dirOf(sample) === dirOf(resolved) ? 'beside it' : 'one folder up';
            const advice = sample && `create it from the project's sample ${where} (cp ${here(sample)} ${here(resolved)} in the Compose file's folder), or, if the service runs without it, make the entry {path: ${env.value}, required: false} (Compose 2.24 or later)`;
            report(entry.path, env, 'env_file', resolved, advice);
          }
        }
        const base = service.extendsFile ? missingFile(service.extendsFile) : undefined;
        if (service.extendsFile && base !== undefined) {
          report(entry.path, service.extendsFile, 'extends.file', base);
        }
      }
    }
    return out;
  },
};
