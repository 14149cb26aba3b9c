import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlcConfig } from '../../../../src/core/lint/config';
import { emptyConfig, parseMlcConfig } from '../../../../src/core/lint/config';
import type { WorkspaceFile } from '../../../../src/core/lint/cross/types';
import { crossYamlKind, isCrossYamlFileName } from '../../../../src/core/lint/cross/yaml-file-kind';
import { isDockerfileName } from '../../../../src/infra/lint/discover';

export const crossFixturesRoot = path.join(process.cwd(), 'test', 'fixtures', 'lint', 'cross');

/** Every file under `dir`, as `/`-separated paths relative to it. */
export function walk(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? walk(dir, child) : [child];
  });
}

/** The lintable files of a fixture folder (Dockerfiles by name, YAML by content) and its `.mlc.yaml`. */
export function loadWorkspace(dir: string): { files: WorkspaceFile[]; config: MlcConfig } {
  const files: WorkspaceFile[] = [];
  let config = emptyConfig();
  for (const rel of walk(dir).sort()) {
    const name = path.posix.basename(rel);
    const text = fs.readFileSync(path.join(dir, rel), 'utf8');
    if (name === '.mlc.yaml') {
      const parsed = parseMlcConfig(text);
      if (!parsed.ok) {
        throw new Error(`${rel}: ${parsed.errors.join('; ')}`);
      }
      config = parsed.config;
    } else if (isCrossYamlFileName(name)) {
      const kind = crossYamlKind(name, text);
      if (kind !== undefined) {
        files.push({ path: rel, kind, text });
      }
    } else if (isDockerfileName(name)) {
      files.push({ path: rel, kind: 'dockerfile', text });
    }
  }
  return { files, config };
}

/** `# expect: MLX001@3:6-3:12` comments of every file, as `path:MLX001@3:6-3:12`. */
export function expectedFindings(dir: string): string[] {
  return walk(dir)
    .flatMap((rel) => [...fs.readFileSync(path.join(dir, rel), 'utf8').matchAll(/#\s*expect:\s*(.*)$/gm)].flatMap((m) => (m[1] ?? '').trim().split(/\s+/).map((e) => `${rel}:${e}`)))
    .sort();
}
