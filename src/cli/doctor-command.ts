import { buildDoctorReport } from '../core/doctor/report';
import { toDoctorJson } from '../core/doctor/render-json';
import { renderDoctorMarkdown, renderDoctorText } from '../core/doctor/render-markdown';
import { gatherDoctorFacts } from '../infra/doctor/gather';

type Writable = { write(text: string): unknown };
const formats = ['text', 'json', 'markdown'] as const;
type Format = (typeof formats)[number];

export function parseDoctorArgs(args: string[]): { format: Format } | { error: string } {
  let format: Format = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const value = arg.startsWith('--format=') ? arg.slice('--format='.length) : arg === '--format' ? args[++i] : undefined;
    if (value === undefined) {
      return { error: arg === '--format' ? `--format needs a value: one of ${formats.join(', ')}` : `unknown option "${arg}"` };
    }
    if (!(formats as readonly string[]).includes(value)) {
      return { error: `--format must be one of ${formats.join(', ')}` };
    }
    format = value as Format;
  }
  return { format };
}

export async function runDoctorCommand(args: string[], out: Writable, err: Writable): Promise<number> {
  const parsed = parseDoctorArgs(args);
  if ('error' in parsed) {
    err.write(`mlc doctor: ${parsed.error}\n`);
    return 2;
  }
  const facts = await gatherDoctorFacts({ env: process.env, platform: process.platform });
  const report = buildDoctorReport(facts);
  const rendered =
    parsed.format === 'json' ? JSON.stringify(toDoctorJson(report), null, 2) : parsed.format === 'markdown' ? renderDoctorMarkdown(report) : renderDoctorText(report);
  out.write(`${rendered}\n`);
  return report.counts.error > 0 ? 1 : 0;
}
