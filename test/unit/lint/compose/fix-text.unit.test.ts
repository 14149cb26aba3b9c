import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** The text with the fixes of every finding of the rule made, and the rule's findings left on the result. */
function fixAll(text: string, ruleId: string, envFile?: string): { fixed: string; left: number } {
  const options = { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) };
  const edits = lintCompose(text, options).findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.fix?.edits ?? []);
  const fixed = applyTextEdits(text, edits);
  return { fixed, left: lintCompose(fixed, options).findings.filter((f) => f.ruleId === ruleId).length };
}

describe('Compose quick fixes leave a file that runs as before (found applying every fix to real projects)', () => {
  const postgres = 'services:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD: langflow\n  app:\n    image: registry.example/app:1.0\n    environment:\n      - DATABASE_URL=postgresql://app:hunter2@db:5432/app\n';

  it('MLC101 requires a secret the .env does not set (${NAME:?…}), so Compose stops with a message instead of starting with an empty password', () => {
    const { fixed, left } = fixAll(postgres, 'MLC101');
    assert.equal(left, 0);
    assert.match(fixed, /POSTGRES_PASSWORD: "\$\{POSTGRES_PASSWORD:\?set POSTGRES_PASSWORD in \.env\}"/);
    assert.match(fixed, /- "DATABASE_URL=\$\{DATABASE_URL:\?set DATABASE_URL in \.env\}"/);
  });

  it('MLC101 reads a secret the .env sets as ${NAME}', () => {
    const { fixed, left } = fixAll(postgres, 'MLC101', 'POSTGRES_PASSWORD=from-env\nDATABASE_URL=postgresql://app:x@db/app\n');
    assert.equal(left, 0);
    assert.match(fixed, /POSTGRES_PASSWORD: "\$\{POSTGRES_PASSWORD\}"/);
    assert.match(fixed, /- "DATABASE_URL=\$\{DATABASE_URL\}"/);
  });

  it('MLC501 deletes the version key with the blank line after it when it opens the file, and keeps other spacing', () => {
    assert.equal(fixAll("version: '3.9'\n\nnetworks:\n  default: {}\nservices:\n  a:\n    image: nginx:1.27\n", 'MLC501').fixed, 'networks:\n  default: {}\nservices:\n  a:\n    image: nginx:1.27\n');
    assert.equal(fixAll("# stack\nversion: '3.9'\n\nservices:\n  a:\n    image: nginx:1.27\n", 'MLC501').fixed, '# stack\n\nservices:\n  a:\n    image: nginx:1.27\n');
    assert.equal(fixAll("services:\n  a:\n    image: nginx:1.27\n\nversion: '3.9'\n\nvolumes: {}\n", 'MLC501').fixed, 'services:\n  a:\n    image: nginx:1.27\n\nvolumes: {}\n');
  });
});
