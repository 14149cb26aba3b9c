export type FindingStatus = 'ok' | 'info' | 'warning' | 'error';
export type FindingArea = 'docker' | 'gpu' | 'kubernetes' | 'workspace';

export interface Finding {
  /** Stable identifier, e.g. `docker.reachable`. */
  id: string;
  area: FindingArea;
  status: FindingStatus;
  title: string;
  /** One or two sentences on what was found. */
  summary: string;
  /** What to do about it, when there is something to do. */
  fix?: string;
  details?: string[];
}

export const statusOrder: Record<FindingStatus, number> = { error: 0, warning: 1, info: 2, ok: 3 };
