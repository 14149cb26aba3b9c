import * as assert from 'node:assert/strict';
import { lintTree } from './lint-tree';

const messages = (id: string, tree: Record<string, string>): string[] => lintTree(tree).filter((f) => f.ruleId === id).map((f) => f.message);

describe('s33 sweep: MLX001 does not offer un-ignoring alone for a source MLX002 reports missing (open-webui: COPY ./.env)', () => {
  const dockerfile = 'FROM python:3.11-slim\nCOPY ./.env ./backend/.env\nCOPY secrets.txt /s\n';

  it('says the ignored .env is not in the context either: stop copying it, or create it and un-ignore it', () => {
    const tree = { Dockerfile: dockerfile, '.dockerignore': '.env\nsecrets.txt\n', 'secrets.txt': 'x\n' };
    assert.deepEqual(messages('MLX001', tree), [
      './.env is excluded by ".env" in .dockerignore (line 1), so the build cannot copy it; it is not in the build context either, so stop copying it, or create it and add "!.env" to .dockerignore.',
      'secrets.txt is excluded by "secrets.txt" in .dockerignore (line 2), so the build cannot copy it; add "!secrets.txt" to .dockerignore or stop copying it.',
    ]);
    assert.equal(messages('MLX002', tree).length, 1);
  });

  it('keeps the un-ignore advice for a file CI generates (generatedPaths), which MLX002 does not report', () => {
    const tree = { Dockerfile: dockerfile, '.dockerignore': '.env\n', '.mlc.yaml': 'generatedPaths: [.env]\n' };
    assert.match(messages('MLX001', tree)[0] ?? '', /so the build cannot copy it; add "!\.env" to \.dockerignore or stop copying it\.$/);
    assert.deepEqual(messages('MLX002', tree).filter((m) => m.startsWith('./.env')), []);
  });
});
