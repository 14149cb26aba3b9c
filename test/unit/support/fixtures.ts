import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DoctorFacts } from '../../../src/core/doctor/facts';

export const repoRoot = path.resolve(__dirname, '../../..');
export const fixturesRoot = path.join(repoRoot, 'test', 'fixtures', 'unit');

export function fixturePath(...parts: string[]): string {
  return path.join(fixturesRoot, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** A fresh copy of test/fixtures/unit/doctor/<name>.json, safe to modify. */
export function loadFacts(name: string): DoctorFacts {
  return JSON.parse(readFixture('doctor', `${name}.json`)) as DoctorFacts;
}
