import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { hasUserPasswordPair } from '../../../src/core/lint/rules/dockerfile/secrets';

const ids = (id: string, lines: readonly string[]): string[] =>
  lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings.map((f) => `${f.ruleId}@${f.range.start.line}`);

describe('user/password pairs in AUTH names', () => {
  it('finds a literal password after the user', () => {
    for (const [name, value] of [['NEO4J_AUTH', 'neo4j/pleaseletmein'], ['neo4j.auth', ' neo4j/s3cr3t '], ['AUTH', 'admin/password']]) {
      assert.ok(hasUserPasswordPair(name as string, value as string), `${name}=${value}`);
    }
  });

  it('leaves expanded, placeholder and switched-off values, and other names', () => {
    const misses = [
      ['NEO4J_AUTH', 'neo4j/${NEO4J_PASSWORD}'], ['NEO4J_AUTH', 'neo4j/$NEO4J_PASSWORD'], ['NEO4J_AUTH', 'neo4j/$(NEO4J_PASSWORD)'],
      ['NEO4J_AUTH', 'neo4j/<your-password>'], ['NEO4J_AUTH', 'neo4j/changeme'], ['NEO4J_AUTH', 'none'], ['SMTP_AUTH', 'login'],
      ['AUTH_PROVIDER', 'oauth2/github'], ['OAUTH', 'a/b/c'], ['NEO4J_AUTHOR', 'neo4j/secret'],
    ];
    for (const [name, value] of misses) {
      assert.ok(!hasUserPasswordPair(name as string, value as string), `${name}=${value}`);
    }
  });

  it('MLD101 reports the pair in ENV and ARG', () => {
    assert.deepEqual(ids('MLD101', ['FROM neo4j:5.20.0', 'ENV NEO4J_AUTH=neo4j/pleaseletmein', 'ARG NEO4J_AUTH=neo4j/${PW}']), ['MLD101@2']);
  });
});

describe('MLD401 reads exec-form RUNs', () => {
  const devel = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04';
  it('keeps a devel base whose stage runs nvcc in exec form', () => {
    assert.deepEqual(ids('MLD401', [devel, 'RUN ["nvcc", "-o", "/bench", "/src/bench.cu"]']), []);
    assert.deepEqual(ids('MLD401', [devel, 'RUN ["/bin/bash", "-c", "cd /src && python setup.py install"]']), []);
  });

  it('still reports a devel base whose exec-form RUNs compile nothing', () => {
    assert.deepEqual(ids('MLD401', [devel, 'RUN ["pip", "install", "torch==2.4.0"]']), ['MLD401@1']);
  });
});
