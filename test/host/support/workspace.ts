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

/** A copy of examples/<name> in a temp folder (the flows write files; the repository's examples/ stay untouched). */
export function copyExample(name: string): TestWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-example-'));
  const target = path.join(dir, name);
  fs.cpSync(path.join(repoRoot, 'examples', name), target, { recursive: true });
  return { path: target, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A temp folder holding `files` (relative path -> content). */
export function workspaceWith(files: Record<string, string>): TestWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-workspace-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return { path: dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
