import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';

/** The messages of MLC101's findings for a Compose file given as lines. */
function composeMessages(lines: readonly string[]): string[] {
  return lintCompose([...lines, ''].join('\n')).findings.filter((f) => f.ruleId === 'MLC101').map((f) => f.message);
}

/** The messages of MLK117's findings for a Pod whose one container sets these env entries (`NAME: value`). */
function manifestMessages(env: Record<string, string>): string[] {
  const entries = Object.entries(env).map(([name, value]) => `        - {name: ${name}, value: "${value}"}`);
  const text = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: db}', 'spec:', '  containers:', '    - name: postgres', '      image: postgres:16', '      env:', ...entries, ''].join('\n');
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK117').map((f) => f.message);
}

const db = (...keys: string[]) => ['services:', '  db:', '    image: postgres:16-alpine', ...keys.map((k) => `    ${k}`)];

describe('s27: well-known default passwords are reported as weak credentials, not leaked ones', () => {
  it('MLC101 words a default password in environment as such, in map and list form', () => {
    assert.deepEqual(composeMessages(db('environment:', '  POSTGRES_PASSWORD: postgres')), [
      'Service "db" sets POSTGRES_PASSWORD to a well-known default credential (postgres); anyone who can reach the service can log in: set a strong value through an env file or a secret.',
    ]);
    assert.match(composeMessages(db('environment:', '  - ADMIN_PASSWORD=Admin'))[0] ?? '', /sets ADMIN_PASSWORD to a well-known default credential \(Admin\)/);
  });

  it('MLC101 keeps the exposed-secret wording for a real-looking secret and for build.args', () => {
    const [chosen] = composeMessages(db('environment:', '  POSTGRES_PASSWORD: Tr0ub4dor-and-3'));
    assert.match(chosen ?? '', /puts a literal secret in POSTGRES_PASSWORD into environment/);
    const [arg] = composeMessages(db('build:', '  context: .', '  args:', '    DB_PASSWORD: password'));
    assert.match(arg ?? '', /puts a literal secret in DB_PASSWORD into build\.args/);
  });

  it('near miss: default user names and placeholders stay unreported', () => {
    assert.deepEqual(composeMessages(db('environment:', '  POSTGRES_USER: postgres', '  POSTGRES_DB: postgres', '  POSTGRES_PASSWORD: changeme')), []);
  });

  it('MLK117 words a default password in env as such, and keeps its wording otherwise', () => {
    assert.deepEqual(manifestMessages({ POSTGRES_PASSWORD: 'postgres' }), [
      'container "postgres" sets POSTGRES_PASSWORD to a well-known default credential (postgres); anyone who can reach the service can log in: store a strong value in a Secret and use valueFrom.secretKeyRef.',
    ]);
    assert.deepEqual(manifestMessages({ POSTGRES_PASSWORD: 'Tr0ub4dor-and-3' }), ['container "postgres" puts a literal secret in POSTGRES_PASSWORD into the manifest; store it in a Secret and use valueFrom.secretKeyRef.']);
    assert.deepEqual(manifestMessages({ POSTGRES_USER: 'postgres' }), []);
  });
});
