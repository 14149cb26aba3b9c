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

/** Does one of the mounts cover the tool's cache directory? */
export function mountsCache(instr: Instruction, tool: 'pip' | 'uv' | 'conda'): boolean {
  return cacheMountTargets(instr).some((t) => {
    if (tool === 'conda') {
      return /(?:^|\/)pkgs$/.test(t) || /\/conda$/.test(t);
    }
    return t.endsWith(`/.cache/${tool}`) || /(?:^|\/)\.cache$/.test(t) || t.endsWith(`/${tool}`);
  });
}
