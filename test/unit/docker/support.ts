import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const dockerFixtures = path.resolve(__dirname, '..', '..', 'fixtures', 'docker');

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(dockerFixtures, name), 'utf8')) as T;
}
