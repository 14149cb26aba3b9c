import type { YamlView } from '../../yaml/access';

/** Resources that each stand for one whole GPU: the device plugins' own names (MIG slices, shared and renamed GPUs are not). */
export const wholeGpuResources: ReadonlySet<string> = new Set(['nvidia.com/gpu', 'amd.com/gpu']);

/** A count written as a positive integer literal (GPUs, slots, replicas) (`2`, `"2"`); undefined for anything else (`0`, `2.5`, `${GPUS}`). */
export function positiveIntegerLiteral(view: YamlView, node: unknown): number | undefined {
  const value = view.scalar(node)?.value;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}
