import type { Instruction } from '../../dockerfile/model';
import type { PythonTool } from '../../dockerfile/installs';
import { effective } from '../../dockerfile/semantic';

/** Targets of `RUN --mount=type=cache|tmpfs,target=…`. */
export function cacheMountTargets(instr: Instruction): string[] {
  const out: string[] = [];
  for (const flag of effective(instr).flags) {
    if (flag.name !== 'mount' || flag.value === undefined) {
      continue;
    }
    const pairs = new Map(flag.value.split(',').map((p) => [p.split('=')[0] ?? '', p.slice(p.indexOf('=') + 1)] as const));
    const type = pairs.get('type');
    const target = pairs.get('target') ?? pairs.get('dst') ?? pairs.get('destination');
    if ((type === 'cache' || type === 'tmpfs') && target !== undefined) {
      out.push(target.replace(/\/+$/, ''));
    }
  }
  return out;
}

/**
 * Where pip or uv keep their download cache at a build step: the default (`~/.cache/<tool>`), a folder the
 * environment names (PIP_CACHE_DIR, UV_CACHE_DIR, or XDG_CACHE_HOME + `/<tool>`), or 'unknown' when it names
 * one through a value the linter cannot read (an unresolved variable, a relative path).
 */
export type CacheLocation = 'default' | 'unknown' | { dir: string };

const cacheDirEnv: Record<'pip' | 'uv', string> = { pip: 'PIP_CACHE_DIR', uv: 'UV_CACHE_DIR' };

/** comfyanonymous/ComfyUI mounts a cache at /cache with PIP_CACHE_DIR=/cache/pip; m-bain/whisperX sets XDG_CACHE_HOME=/cache. */
export function cacheLocation(values: ReadonlyMap<string, string | undefined>, tool: PythonTool): CacheLocation {
  if (tool === 'conda') {
    return 'default';
  }
  const located = (name: string, suffix: string): CacheLocation | undefined => {
    if (!values.has(name)) {
      return undefined;
    }
    const value = values.get(name);
    if (value === '') {
      return undefined;
    }
    return value?.startsWith('/') ? { dir: `${value.replace(/\/+$/, '')}${suffix}` } : 'unknown';
  };
  return located(cacheDirEnv[tool], '') ?? located('XDG_CACHE_HOME', `/${tool}`) ?? 'default';
}

/**
 * Does one of the RUN's cache mounts cover the tool's cache? Where the environment moved the cache, only a
 * mount on that folder or above it does; a mount on the default folder then catches nothing. Where it moved the
 * cache to a folder the linter cannot read, any cache mount may be the one.
 */
export function mountsCache(instr: Instruction, tool: PythonTool, location: CacheLocation): boolean {
  const targets = cacheMountTargets(instr);
  if (location === 'unknown') {
    return targets.length > 0;
  }
  return targets.some((t) => {
    if (typeof location === 'object') {
      return t !== '' && (location.dir === t || location.dir.startsWith(`${t}/`));
    }
    if (tool === 'conda') {
      return /(?:^|\/)pkgs$/.test(t) || /\/conda$/.test(t);
    }
    return t.endsWith(`/.cache/${tool}`) || /(?:^|\/)\.cache$/.test(t) || t.endsWith(`/${tool}`);
  });
}
