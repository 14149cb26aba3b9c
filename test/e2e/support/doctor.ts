import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/doctor/finding';
import { toDoctorJson, type DoctorJson } from '../../../src/core/doctor/render-json';
import { buildDoctorReport } from '../../../src/core/doctor/report';
import { gatherDoctorFacts } from '../../../src/infra/doctor/gather';

/** The gatherer called directly, in this process, rendered to the same JSON the CLI prints. */
export async function doctorInProcess(env: Record<string, string>, signal?: AbortSignal): Promise<DoctorJson> {
  const facts = await gatherDoctorFacts({ env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, platform: process.platform, ...(signal ? { signal } : {}) });
  return toDoctorJson(buildDoctorReport(facts));
}

/** The finding with this id; fails the test when it is absent. */
export function finding(json: DoctorJson, id: string): Finding {
  const found = json.findings.find((f) => f.id === id);
  assert.ok(found, `no finding "${id}" in ${json.findings.map((f) => `${f.id}=${f.status}`).join(', ')}`);
  return found;
}

export function statuses(json: DoctorJson): Record<string, string> {
  return Object.fromEntries(json.findings.map((f) => [f.id, f.status]));
}
