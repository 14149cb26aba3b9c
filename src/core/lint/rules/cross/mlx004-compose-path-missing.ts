import type { ComposeValue } from '../../cross/compose';
import { dirOf, joinPath } from '../../cross/paths';
import type { CrossFinding, CrossRule } from '../../cross/rule';

const remoteRe = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

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
    description: 'A Compose build.context, build.dockerfile or required env_file does not exist.',
  },
  check(ws) {
    const fs = ws.fs;
    if (!fs) {
      return [];
    }
    const out: CrossFinding[] = [];
    const report = (path: string, value: ComposeValue, what: string, resolved: string): void => {
      out.push({ path, range: value.range, message: `${what} "${value.value}" does not exist (${resolved || '.'} in the workspace), so \`docker compose\` fails; fix the path or create it.` });
    };
    for (const b of ws.builds) {
      const build = b.service.build;
      const ctx = build?.context;
      if (ctx && !ctx.interpolated && !remoteRe.test(ctx.value)) {
        if (b.context !== undefined && fs.stat(b.context) !== 'dir') {
          report(b.entry.path, ctx, 'build.context', b.context);
          continue;
        }
      }
      const df = build?.dockerfile;
      if (df && !df.interpolated && b.dockerfile !== undefined && b.context !== undefined && fs.stat(b.context) === 'dir' && fs.stat(b.dockerfile) !== 'file') {
        report(b.entry.path, df, 'build.dockerfile', b.dockerfile);
      }
    }
    for (const entry of ws.compose) {
      for (const service of entry.compose.services) {
        for (const env of service.envFiles) {
          const resolved = joinPath(dirOf(entry.path), env.value);
          if (env.required && !env.interpolated && resolved !== undefined && fs.stat(resolved) !== 'file') {
            report(entry.path, env, 'env_file', resolved);
          }
        }
      }
    }
    return out;
  },
};
