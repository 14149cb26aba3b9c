import type { Instruction } from '../../dockerfile/model';
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
 * Does one of the mounts cover the tool's cache directory? `configuredDir` is where the environment
 * moved it (see configuredCacheDir); a mount on it or on a directory above it covers it.
 */
export function mountsCache(instr: Instruction, tool: 'pip' | 'uv' | 'conda', configuredDir?: string): boolean {
  return cacheMountTargets(instr).some((t) => {
    if (configuredDir !== undefined && t !== '' && (configuredDir === t || configuredDir.startsWith(`${t}/`))) {
      return true;
    }
    if (tool === 'conda') {
      return /(?:^|\/)pkgs$/.test(t) || /\/conda$/.test(t);
    }
    return t.endsWith(`/.cache/${tool}`) || /(?:^|\/)\.cache$/.test(t) || t.endsWith(`/${tool}`);
  });
}

const cacheDirEnv: Record<'pip' | 'uv', string> = { pip: 'PIP_CACHE_DIR', uv: 'UV_CACHE_DIR' };

/**
 * The pip/uv cache directory set by the environment: PIP_CACHE_DIR / UV_CACHE_DIR, else
 * $XDG_CACHE_HOME/<tool> (comfyanonymous/ComfyUI mounts a cache at /cache with PIP_CACHE_DIR=/cache/pip).
 */
export function configuredCacheDir(values: ReadonlyMap<string, string | undefined>, tool: 'pip' | 'uv'): string | undefined {
  const own = values.get(cacheDirEnv[tool]);
  const xdg = values.get('XDG_CACHE_HOME');
  const dir = own !== undefined && own !== '' ? own : xdg !== undefined && xdg !== '' ? `${xdg.replace(/\/+$/, '')}/${tool}` : undefined;
  return dir?.startsWith('/') ? dir.replace(/\/+$/, '') : undefined;
}
