import type { FindingArea, FindingStatus } from './finding';
import { statusOrder } from './finding';
import type { DoctorReport } from './report';

const icon: Record<FindingStatus, string> = { ok: '✅', info: 'ℹ️', warning: '⚠️', error: '❌' };
const areaTitle: Record<FindingArea, string> = { docker: 'Docker', gpu: 'GPU', kubernetes: 'Kubernetes', workspace: 'Workspace' };
const areaOrder: FindingArea[] = ['docker', 'gpu', 'kubernetes', 'workspace'];


export function renderDoctorMarkdown(report: DoctorReport): string {
  const { counts } = report;
  const lines: string[] = ['# ML Containers: Check Environment', ''];
  const worst = report.findings
    .filter((f) => f.status !== 'info')
    .reduce<FindingStatus>((w, f) => (statusOrder[f.status] < statusOrder[w] ? f.status : w), 'ok');
  lines.push(
    `${icon[worst]} **${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}**, ${counts.ok} ok, ${counts.info} info — checked ${report.facts.gatheredAt} on ${report.facts.platform}.`,
    '',
  );
  for (const area of areaOrder) {
    const findings = report.findings.filter((f) => f.area === area);
    if (findings.length === 0) {
      continue;
    }
    lines.push(`## ${areaTitle[area]}`, '');
    for (const f of findings) {
      lines.push(`### ${icon[f.status]} ${f.title}`, '', f.summary, '');
      for (const d of f.details ?? []) {
        lines.push(`- \`${d.replace(/`/g, "'")}\``);
      }
      if (f.details?.length) {
        lines.push('');
      }
      if (f.fix) {
        lines.push(`**Fix:** ${f.fix}`, '');
      }
    }
  }
  return lines.join('\n');
}

export function renderDoctorText(report: DoctorReport): string {
  const tag: Record<FindingStatus, string> = { ok: 'ok     ', info: 'info   ', warning: 'warning', error: 'error  ' };
  const lines = report.findings.map((f) => {
    const parts = [`${tag[f.status]}  ${f.title}: ${f.summary}`];
    for (const d of f.details ?? []) {
      parts.push(`           ${d}`);
    }
    if (f.fix) {
      parts.push(`           fix: ${f.fix}`);
    }
    return parts.join('\n');
  });
  lines.push('', `${report.counts.error} error(s), ${report.counts.warning} warning(s), ${report.counts.ok} ok, ${report.counts.info} info`);
  return lines.join('\n');
}
