import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareCrossPass } from '../../../../src/cli/lint-cross-pass';
import type { LintedFile } from '../../../../src/core/lint/format/report';
import type { RuleMeta } from '../../../../src/core/lint/types';

/**
 * anything-llm's layout, outside any repository (a tarball, a CI checkout without .git): the Compose file in docker/
 * builds the project folder with a Dockerfile named from there.
 */
const tree: Record<string, string> = {
  'docker/docker-compose.yml': 'services:\n  app:\n    build:\n      context: ../.\n      dockerfile: ./docker/Dockerfile\n    image: acme/app:1.0\n  gpu:\n    build:\n      context: ../.\n      dockerfile: ./docker/Dockerfile.gpu\n    image: acme/app-gpu:1.0\n',
  'docker/Dockerfile': 'FROM node:20-slim\nCOPY server /app/server\nUSER 1000\n',
  'server/index.js': 'console.log(1);\n',
};

/** The MLX findings of the cross-file pass over the Compose file and Dockerfile, as `file:line rule`, given the folders asked about. */
async function crossFindings(project: string, folders?: readonly string[]): Promise<string[]> {
  const cwd = path.dirname(project);
  const targets = [
    { path: path.join(project, 'docker', 'Dockerfile'), kind: 'dockerfile' },
    { path: path.join(project, 'docker', 'docker-compose.yml'), kind: 'compose' },
  ];
  const linted: LintedFile[] = targets.map((t) => ({ file: path.relative(cwd, t.path).split(path.sep).join('/'), findings: [], lines: fs.readFileSync(t.path, 'utf8').split('\n') }));
  const failures: string[] = [];
  const merge = await prepareCrossPass({
    cwd, targets, linted, enabled: new Map<string, RuleMeta>(), noInlineIgnores: false,
    configFor: () => Promise.resolve(undefined), fail: (m) => failures.push(m),
    ...(folders !== undefined ? { folders } : {}),
  });
  merge?.();
  assert.deepEqual(failures, []);
  return linted.flatMap((f) => f.findings.filter((x) => x.ruleId.startsWith('MLX')).map((x) => `${f.file}:${x.range.start.line} ${x.ruleId}`)).sort();
}

describe('mlc lint cross-file root outside a repository, without .mlc.yaml', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-root-s26-'));
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'proj', rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'proj', rel), text);
    }
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds the directory argument, so a build context above the linted files resolves inside it', async () => {
    const project = path.join(dir, 'proj');
    // The COPY source exists in the context (proj); the GPU Dockerfile truly is missing.
    assert.deepEqual(await crossFindings(project, [project]), ['proj/docker/docker-compose.yml:10 MLX004']);
  });

  it('stays the repository root inside a repository, whatever folder is asked about', async () => {
    const project = path.join(dir, 'proj');
    fs.mkdirSync(path.join(project, '.git'));
    assert.deepEqual(await crossFindings(project, [path.join(project, 'docker')]), ['proj/docker/docker-compose.yml:10 MLX004']);
  });
});
