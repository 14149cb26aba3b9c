import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';

/** Every rule on, so hostile input reaches all of them. No timing assertion: mocha's timeout is the hang guard. */
function lintChecked(text: string) {
  const config = emptyConfig();
  for (const r of composeRules) {
    config.rules[r.meta.id] = { severity: 'on' };
  }
  const result = lintCompose(text, { config });
  assert.deepEqual(result.problems.filter((p) => p.message.startsWith('internal error')), []);
  const lines = text.split('\n');
  for (const f of result.findings) {
    const { start, end } = f.range;
    assert.ok(start.line >= 1 && end.line <= lines.length && (end.line > start.line || end.column > start.column), `${f.ruleId} range ${JSON.stringify(f.range)}`);
  }
  return result;
}

const service = (n: number) => `  svc${n}:\n    image: acme/svc:${n}\n    ports:\n      - "127.0.0.1:${10000 + n}:80"\n`;

describe('hostile Compose files', () => {
  it('lints empty, whitespace-only and comment-only files to nothing', () => {
    assert.deepEqual(lintChecked(''), { findings: [], problems: [] });
    assert.deepEqual(lintChecked(' \n\n'), { findings: [], problems: [] });
    assert.deepEqual(lintChecked('# nothing here\n'), { findings: [], problems: [] });
  });

  it('refuses binary content with a clear problem', () => {
    const r = lintChecked('services:\0\x01\x02\xff');
    assert.deepEqual(r.findings, []);
    assert.match(r.problems[0]?.message ?? '', /NUL bytes: binary content/);
  });

  it('refuses an alias bomb without expanding it (and without running the schema walk)', () => {
    const bomb = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let k = 1; k < 10; k++) {
      bomb.push(`x-${String.fromCharCode(97 + k)}: &${String.fromCharCode(97 + k)} [${Array(9).fill(`*${String.fromCharCode(96 + k)}`).join(',')}]`);
    }
    bomb.push('services:\n  web:\n    image: nginx:1.27\n    command: *j');
    const r = lintChecked(bomb.join('\n'));
    assert.deepEqual(r.findings, []);
    assert.match(r.problems[0]?.message ?? '', /alias bomb/);
  });

  it('refuses nesting deeper than the parser limit with a clear problem', () => {
    const deep = `services:\n  web:\n    image: nginx:1.27\n    labels: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;
    const r = lintChecked(deep);
    assert.deepEqual(r.findings, []);
    assert.match(r.problems.map((p) => p.message).join(' '), /nested/);
  });

  it('lints a 5 MB file with thousands of services, and reports syntax errors as MLC001 findings', function () {
    this.timeout(300_000); // the hang guard for a big input on a shared machine, not a timing assertion
    const parts = ['name: big\nservices:\n'];
    let size = parts[0]?.length ?? 0;
    for (let n = 0; size < 5 * 1024 * 1024; n++) {
      const s = service(n);
      parts.push(s);
      size += s.length;
    }
    const big = lintChecked(parts.join(''));
    assert.deepEqual(big.problems, [{ level: 'info', message: 'schema validation (MLC002) skipped: the file is larger than 1 MB' }]);
    assert.ok(big.findings.every((f) => f.ruleId !== 'MLC001' && f.ruleId !== 'MLC002'), 'a valid big file has no syntax or schema findings');
    const broken = lintChecked('services:\n  web:\n    image: [unclosed\n');
    assert.ok(broken.findings.some((f) => f.ruleId === 'MLC001'));
  });

  it('survives wrong shapes everywhere (scalars for maps, maps for lists, null services)', () => {
    for (const text of ['services: 3\n', 'services:\n  web: null\n', 'services:\n  web:\n    ports: {a: 1}\n    gpus: 7\n    deploy: [1]\n', '- just\n- a list\n', 'services:\n  web:\n    depends_on: [db]\n    environment: [1, 2]\n    ports: ["99999:1", "a:b", "[::1]:80:80", "::1:81:81"]\n']) {
      lintChecked(text);
    }
  });
});
