import * as assert from 'node:assert/strict';
import { neverExpanded, singleQuotedSpans } from '../../../src/core/lint/dockerfile/shell-quotes';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const lint = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;

describe('s25b: a sweep of robotics, platform and unusual-syntax Dockerfiles', () => {
  it('MLD501 offers no JSON-form fix for an ENTRYPOINT beside a CMD, which the JSON form would append', () => {
    const findings = lint('MLD501', ['FROM python:3.12-slim', 'USER 10001', 'ENTRYPOINT python app.py', 'CMD ["--port", "80"]']);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.fix, undefined);
    assert.match(findings[0]?.message ?? '', /check this stage's CMD, which the JSON form passes to it as arguments/);
  });

  it('MLD501 still converts an ENTRYPOINT with no CMD in its stage, and a CMD beside an ENTRYPOINT', () => {
    const findings = lint('MLD501', [
      'FROM python:3.12-slim AS base',
      'CMD ["python3"]',
      'FROM base',
      'ENTRYPOINT python app.py',
      'FROM python:3.12-slim AS other',
      'ENTRYPOINT ["tini", "--"]',
      'CMD python serve.py',
    ]);
    assert.deepEqual(
      findings.map((f) => f.fix?.edits.map((e) => e.newText)),
      [['["python", "app.py"]'], ['["python", "serve.py"]']],
    );
  });

  it('single-quoted spans skip quotes inside double quotes, after a backslash and in comments', () => {
    const script = `echo "it's $A" \\' $B # don't\necho '$C' && bash -c 'echo $D'`;
    const spans = singleQuotedSpans(script);
    assert.deepEqual(
      spans.map(([start, end]) => script.slice(start, end)),
      ["'$C'", "'echo $D'"],
    );
    const at = (name: string): number => script.indexOf(`$${name}`);
    assert.deepEqual(
      ['A', 'B', 'C', 'D'].map((name) => neverExpanded(script, spans, at(name))),
      [false, false, true, false],
    );
  });
});
