import { stringify } from 'yaml';
import { comparable } from './apply-plan';
import type { KubeObject } from './manifests';

export interface DescribeEvent {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: Date | string | null;
  lastTimestamp?: Date | string | null;
  eventTime?: Date | string | null;
  metadata?: { creationTimestamp?: Date | string };
  source?: { component?: string };
  reportingComponent?: string;
}

const time = (e: DescribeEvent): number => {
  const t = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
};

function age(ms: number, now: number): string {
  if (!ms) {
    return '?';
  }
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : s < 172800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`;
}

/** Events oldest first, as a fixed-width table like kubectl describe's. */
export function eventsTable(events: readonly DescribeEvent[], now: number): string {
  if (events.length === 0) {
    return 'Events: <none>\n';
  }
  const rows = [...events]
    .sort((a, b) => time(a) - time(b))
    .map((e) => [e.type ?? '', e.reason ?? '', `${age(time(e), now)}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`, e.source?.component ?? e.reportingComponent ?? '', (e.message ?? '').trim()]);
  const head = ['Type', 'Reason', 'Age', 'From', 'Message'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return ['Events:', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** A read-only description: the object's spec and status as YAML, then its events by time. */
export function describeText(o: KubeObject, events: readonly DescribeEvent[], now: number): string {
  const { status } = o;
  const { metadata, ...body } = comparable(o);
  const header = [
    `Name:       ${o.metadata.name}`,
    ...(o.metadata.namespace ? [`Namespace:  ${o.metadata.namespace}`] : []),
    `Kind:       ${o.kind} (${o.apiVersion})`,
    ...(o.metadata.creationTimestamp ? [`Created:    ${new Date(o.metadata.creationTimestamp as string).toISOString()}`] : []),
  ].join('\n');
  const meta = metadata as Record<string, unknown>;
  const rest = { ...(meta.labels ? { labels: meta.labels } : {}), ...(meta.annotations ? { annotations: meta.annotations } : {}), ...body };
  delete (rest as Record<string, unknown>).apiVersion;
  delete (rest as Record<string, unknown>).kind;
  const sections = [header, stringify(rest, { lineWidth: 0 }).trimEnd()];
  if (status !== undefined) {
    sections.push(stringify({ status: JSON.parse(JSON.stringify(status)) as unknown }, { lineWidth: 0 }).trimEnd());
  }
  return `${sections.join('\n\n')}\n\n${eventsTable(events, now)}`;
}
