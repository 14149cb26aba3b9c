import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths';

export interface TestWorkspace {
  path: string;
  dispose(): void;
}

/** The repository's examples/ folder, or (while it is missing or empty) a temporary folder with a Dockerfile. */
export function prepareWorkspace(): TestWorkspace {
  const examples = path.join(repoRoot, 'examples');
  if (fs.existsSync(examples) && fs.readdirSync(examples).length > 0) {
    return { path: examples, dispose: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-workspace-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["python3", "app.py"]\n');
  return { path: dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
