import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceFs } from '../../core/lint/cross/types';
import { utf8Text } from '../fs/read-text-file';

/** Files read through the view are small (ignore files, Dockerfiles); larger ones count as unreadable. */
const maxReadBytes = 4 * 1024 * 1024;

/**
 * The real file system under a workspace root, read-only and synchronous (the cross-file rules are
 * pure functions over this view). Paths that leave the root (`..`) are treated as missing. Only
 * regular files are read, and only inside the root: a symlink out of it (to a key or a credentials
 * file) reads as missing, so no file outside the workspace ends up quoted in a finding.
 */
export function fsWorkspaceView(root: string): WorkspaceFs {
  const base = path.resolve(root);
  const below = base.endsWith(path.sep) ? base : `${base}${path.sep}`;
  const abs = (rel: string): string | undefined => {
    const p = path.resolve(base, ...rel.split('/').filter((s) => s !== ''));
    return p === base || p.startsWith(below) ? p : undefined;
  };
  const stats = new Map<string, 'file' | 'dir' | undefined>();
  let realBase: string | undefined;
  const insideRoot = (p: string): boolean => {
    realBase ??= fs.realpathSync.native(base);
    const real = fs.realpathSync.native(p);
    return real === realBase || real.startsWith(realBase.endsWith(path.sep) ? realBase : `${realBase}${path.sep}`);
  };
  return {
    stat(rel) {
      if (stats.has(rel)) {
        return stats.get(rel);
      }
      const p = abs(rel);
      let kind: 'file' | 'dir' | undefined;
      try {
        const st = p !== undefined ? fs.statSync(p) : undefined;
        kind = st?.isFile() ? 'file' : st?.isDirectory() ? 'dir' : undefined;
      } catch {
        kind = undefined;
      }
      stats.set(rel, kind);
      return kind;
    },
    list(rel) {
      const p = abs(rel);
      try {
        return p !== undefined ? fs.readdirSync(p) : [];
      } catch {
        return [];
      }
    },
    read(rel) {
      const p = abs(rel);
      try {
        const st = p !== undefined ? fs.statSync(p) : undefined;
        // Only a regular file: a device (a link to /dev/zero) or a pipe would never end or never start.
        if (p === undefined || !st?.isFile() || st.size > maxReadBytes || !insideRoot(p)) {
          return undefined;
        }
        return utf8Text(fs.readFileSync(p));
      } catch {
        return undefined;
      }
    },
  };
}
