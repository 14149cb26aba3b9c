import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';

const rules = composeRules.filter((r) => r.meta.id === 'MLC012' || r.meta.id === 'MLC007');

function lint(lines: string[], overrideFile?: string) {
  return lintCompose(`${lines.join('\n')}\n`, { config: emptyConfig(), path: 'compose.yaml', rules, ...(overrideFile !== undefined ? { overrideFile } : {}) }).findings;
}

/** A service `app` with the given healthcheck test (one line under `healthcheck:`), and what else is given. */
const app = (test: string, ...more: string[]) => ['services:', '  app:', '    image: acme/app:1.0', '    healthcheck:', `      test: ${test}`, ...more];

function fixed(lines: string[]): string {
  const text = `${lines.join('\n')}\n`;
  return applyTextEdits(text, lintCompose(text, { path: 'compose.yaml', rules }).findings[0]?.fix?.edits ?? []);
}

describe('s32: MLC012 a Compose healthcheck that always succeeds', () => {
  it('reads every form of test: CMD-SHELL, the string form, CMD with a shell, CMD with a program that always succeeds', () => {
    for (const test of ['["CMD-SHELL", "curl -f http://localhost/ || true"]', 'curl -f http://localhost/ || exit 0', '["CMD", "/bin/sh", "-c", "curl -f http://localhost/ || :"]', '["CMD", "true"]', '[CMD, echo, ok]', '"exit 0"']) {
      assert.deepEqual(lint(app(test)).map((f) => f.ruleId), ['MLC012'], test);
    }
  });

  it('names the services that wait for it with service_healthy, and MLC007 leaves that dependency to it', () => {
    const found = lint([...app('["CMD-SHELL", "wget -qO- http://localhost:8080/api/v1/health || true"]'), '  web:', '    image: nginx:1.27', '    depends_on:', '      app:', '        condition: service_healthy', '  cron:', '    image: acme/cron:1.0', '    depends_on: {app: {condition: service_healthy}}']);
    assert.deepEqual(found.map((f) => f.ruleId), ['MLC012']);
    assert.equal(
      found[0]?.message,
      'Service "app"\'s healthcheck always succeeds (wget -qO- http://localhost:8080/api/v1/health || true), so Docker marks it healthy while its server is down, and "web" and "cron" (depends_on condition: service_healthy) start without it; end the check with || exit 1 instead of || true.',
    );
  });

  it('for a test that checks nothing, offers a check of the published port, or service_started for the waiting services', () => {
    const [f] = lint([...app('["CMD", "true"]'), '    ports: ["127.0.0.1:5555:5555"]', '  worker:', '    image: acme/worker:1.0', '    depends_on: {app: {condition: service_healthy}}']);
    assert.match(f?.message ?? '', /\(true\), .* and "worker" \(depends_on condition: service_healthy\) starts without it; check the server itself \(\["CMD-SHELL", "curl -fsS http:\/\/localhost:5555\/ \|\| exit 1"\]\), or, if there is nothing to check, let "worker" wait with condition: service_started and remove the healthcheck\.$/);
    assert.match(lint(app('["CMD", "echo", "ok"]'))[0]?.message ?? '', /localhost:<port>\/.*if there is nothing to check, remove it\.$/);
  });

  it('turns the fallback into exit 1 where the scalar spells it as the shell reads it', () => {
    assert.equal(fixed(app('["CMD-SHELL", "curl -f http://localhost/ || true"]')), `${app('["CMD-SHELL", "curl -f http://localhost/ || exit 1"]').join('\n')}\n`);
    assert.equal(fixed(app("'pg_isready -U $${POSTGRES_USER} || exit 0'")), `${app("'pg_isready -U $${POSTGRES_USER} || exit 1'").join('\n')}\n`);
    assert.equal(fixed(app('|', '        curl -f http://localhost/ ||', '          true')), `${app('|', '        curl -f http://localhost/ ||', '          exit 1').join('\n')}\n`);
    assert.equal(lint(app('"curl -f http://localhost/ || true\\n"'))[0]?.fix, undefined, 'an escape after it: no edit');
    assert.match(lint(app('|', '        curl -f http://localhost/', '        exit 0'))[0]?.message ?? '', /always succeeds \(curl -f http:\/\/localhost\/; exit 0\)/);
  });

  it('never takes a variable for a command that succeeds: Compose substitutes it first', () => {
    assert.deepEqual(lint(app('["CMD-SHELL", "curl -f http://localhost/ || ${ON_FAILURE:-true}"]')), []);
    assert.deepEqual(lint(app('${HEALTHCHECK_TEST:-true}')), []);
    assert.deepEqual(lint(app('["CMD", "${CHECK:-true}"]')), []);
    assert.equal(lint(app('["CMD-SHELL", "curl -f http://localhost:${PORT:-8080}/ || true"]')).length, 1, 'a variable in the check itself changes nothing');
  });

  it('stays silent where the healthcheck is disabled or NONE, or an override file replaces the test', () => {
    assert.deepEqual(lint(app('["CMD", "true"]', '      disable: true')), []);
    assert.deepEqual(lint(app('["NONE"]')), []);
    assert.deepEqual(lint(app('["CMD", "true"]'), 'services:\n  app:\n    healthcheck:\n      test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]\n'), []);
    assert.deepEqual(lint(app('["CMD", "true"]'), 'services:\n  app:\n    healthcheck:\n      disable: true\n'), []);
    assert.equal(lint(app('["CMD", "true"]'), 'services:\n  app:\n    healthcheck:\n      interval: 5s\n').length, 1, 'an override that keeps the test');
  });

  it('reports a test shared through an anchor once', () => {
    const found = lint(['x-check: &check', '  test: ["CMD-SHELL", "curl -f http://localhost/ || true"]', 'services:', '  a:', '    image: acme/a:1.0', '    healthcheck: *check', '  b:', '    image: acme/b:1.0', '    healthcheck: *check']);
    assert.deepEqual(found.map((f) => `${f.ruleId}@${f.range.start.line}`), ['MLC012@2']);
  });

  it('leaves tests whose status still depends on the server', () => {
    for (const test of [
      '["CMD-SHELL", "curl -f http://localhost/ || exit 1"]',
      '["CMD", "curl", "-f", "http://localhost:5000/health || true"]',
      '["CMD", "echo ok"]',
      '["CMD", "bash", "-ec", "curl -f http://localhost/; exit 0"]',
      '["CMD-SHELL", "status=0; wget -q --spider http://127.0.0.1/ || status=$$?; [ $$status -eq 0 ] || [ $$status -eq 8 ]"]',
      '[]',
    ]) {
      assert.deepEqual(lint(app(test)), [], test);
    }
  });
});
