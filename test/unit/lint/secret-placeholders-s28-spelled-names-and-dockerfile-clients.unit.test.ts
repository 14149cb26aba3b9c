import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { isPlaceholderFor } from '../../../src/core/lint/rules/dockerfile/secrets';

const secretRules = dockerfileRules.filter((r) => r.meta.id === 'MLD101' || r.meta.id === 'MLD102');

/** `RULE line:column text` (the text the range covers) of each MLD101/MLD102 finding of a Dockerfile given as lines. */
function covered(lines: readonly string[]): string[] {
  const findings = lintDockerfile(`${lines.join('\n')}\n`, { rules: secretRules }).findings;
  return findings.map((f) => `${f.ruleId} ${f.range.start.line}:${f.range.start.column} ${(lines[f.range.start.line - 1] ?? '').slice(f.range.start.column - 1, f.range.end.column - 1)}`);
}

function messages(lines: readonly string[]): string[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: secretRules }).findings.map((f) => f.message);
}

describe('s28: a value that spells its secret\'s name is a placeholder', () => {
  it('the name itself or its last words, any case, - and . read as _ (gpt4all: HUGGING_FACE_HUB_TOKEN=token)', () => {
    const placeholders: [string, string][] = [
      ['HUGGING_FACE_HUB_TOKEN', 'token'],
      ['TOKEN', 'TOKEN'],
      ['API_KEY', 'api_key'],
      ['API_KEY', 'api-key'],
      ['OPENAI_API_KEY', 'openai_api_key'],
      ['OPENAI_API_KEY', 'API_KEY'],
      ['HF_TOKEN', 'hf_token'],
      ['WANDB_API_KEY', 'Key'],
      ['JWT_SECRET', 'jwt_secret'],
    ];
    for (const [name, value] of placeholders) {
      assert.equal(isPlaceholderFor(name, value), true, `${name}=${value}`);
    }
  });

  it('near miss: a password spelling its name, a well-known default, a squashed or partial spelling stay literal', () => {
    const literals: [string, string][] = [
      ['POSTGRES_PASSWORD', 'postgres_password'],
      ['REDIS_PASS', 'pass'],
      ['MYSQL_PWD', 'pwd'],
      ['JWT_SECRET', 'secret'],
      ['SECRET', 'secret'],
      ['JUPYTER_TOKEN', 'jupytertoken'],
      ['GITHUB_TOKEN', 'github'],
      ['OPENAI_API_KEY', 'openai'],
    ];
    for (const [name, value] of literals) {
      assert.equal(isPlaceholderFor(name, value), false, `${name}=${value}`);
    }
  });

  it('a Hugging Face token name given words that say a token goes there: the Hub\'s tokens start with hf_', () => {
    for (const name of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_TOKEN', 'HUGGINGFACEHUB_API_TOKEN', 'HF_API_TOKEN', 'HF_API_KEY', 'hf-token']) {
      assert.equal(isPlaceholderFor(name, 'mytoken'), true, name);
    }
    for (const value of ['huggingface', 'my-hf-token', 'HFTOKEN', 'hf_token', 'my_read_token']) {
      assert.equal(isPlaceholderFor('HF_TOKEN', value), true, value);
    }
  });

  it('near miss: made-up words, random-looking strings, real-shaped tokens, defaults, and token words for other names stay literal', () => {
    for (const value of ['dummyproof', 'letmein', 'HfToken', 'Xk29dLq0vB', 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567', 'api_org_AbCdEfGhIjKlMnOpQrStUvWxYz', 'password', 'secret']) {
      assert.equal(isPlaceholderFor('HF_TOKEN', value), false, value);
    }
    assert.equal(isPlaceholderFor('GITHUB_TOKEN', 'mytoken'), false);
    assert.equal(isPlaceholderFor('HF_HOME', 'cache'), false);
  });

  it('MLD101: an ENV that spells its name bakes no secret; an ARG still names one, and ENV X=$X still copies the build argument', () => {
    assert.deepEqual(covered(['FROM python:3.12-slim', 'ENV HUGGING_FACE_HUB_TOKEN=token HF_TOKEN=hf_token API_KEY=api_key']), []);
    assert.deepEqual(covered(['FROM python:3.12-slim', 'ARG HF_TOKEN=hf_token', 'ENV HF_TOKEN=$HF_TOKEN']), ['MLD101 2:5 HF_TOKEN', 'MLD101 3:5 HF_TOKEN']);
  });
});

describe('s28: MLD101 reads client password flags in RUN, CMD, ENTRYPOINT and HEALTHCHECK', () => {
  it('reports the value at its place in shell and exec form, in a script handed to sh -c, and in an ONBUILD trigger', () => {
    assert.deepEqual(
      covered([
        'FROM redis:7.4-alpine',
        'HEALTHCHECK --interval=5s CMD redis-cli -a s3cret ping',
        'HEALTHCHECK CMD ["redis-cli", "-a", "s3cret", "ping"]',
        'CMD ["sh", "-c", "mysqladmin ping -psecretPw && exec redis-server"]',
        'ENTRYPOINT redis-server --requirepass "s3cret"',
        'ONBUILD RUN mysql -uroot -p\'Qw3rty\' -e "SELECT 1"',
      ]),
      ['MLD101 2:44 s3cret', 'MLD101 3:38 s3cret', 'MLD101 4:37 secretPw', 'MLD101 5:40 s3cret', 'MLD101 6:29 Qw3rty'],
    );
  });

  it('words the finding after where the command is kept', () => {
    const [builderRun, healthcheck, finalRun] = messages(['FROM redis:7.4-alpine AS builder', 'RUN redis-cli -a s3cret ping', 'FROM redis:7.4-alpine', 'HEALTHCHECK CMD redis-cli -a s3cret ping', 'RUN mysqladmin -u root -ps3cret create app']);
    assert.equal(builderRun, 'RUN passes a literal secret to redis-cli -a, which stays in the build cache and in max-mode provenance attestations; mount it with RUN --mount=type=secret,id=redis_password,env=REDIS_PASSWORD and pass "$REDIS_PASSWORD" instead.');
    assert.equal(healthcheck, 'HEALTHCHECK passes a literal secret to redis-cli -a, which is stored in the image config, where anyone who can pull the image reads it (docker inspect); pass "$REDIS_PASSWORD" in the shell form and set REDIS_PASSWORD when the container starts.');
    assert.equal(finalRun, 'RUN passes a literal secret to mysqladmin -p, which stays in the image history (docker history shows the command); mount it with RUN --mount=type=secret,id=mysql_password,env=MYSQL_PASSWORD and pass "$MYSQL_PASSWORD" instead.');
  });

  it('near miss: variables, prompts, ports, placeholders and the variable\'s own name are not literals', () => {
    assert.deepEqual(
      covered([
        'FROM redis:7.4-alpine',
        'HEALTHCHECK CMD redis-cli -a "$REDIS_PASSWORD" -p 6379 ping || redis-cli -a ${REDIS_PASSWORD:-} ping',
        'CMD ["sh", "-c", "redis-server --requirepass \\"$REDIS_PASSWORD\\""]',
        'RUN mysql -u root -p -e "SELECT 1" && mysql --password -u root app && mysqladmin -P 3306 -p"${MYSQL_ROOT_PASSWORD}" ping',
        'RUN redis-cli -a && redis-cli -a <password> ping && redis-cli -a REDIS_PASSWORD ping && curl -u admin: https://example.com/',
      ]),
      [],
    );
  });

  it('curl -u user:password with a separate value in a RUN stays MLD102\'s; other forms and places are MLD101\'s, once each', () => {
    assert.deepEqual(
      covered(['FROM alpine:3.20', 'RUN curl -u admin:hunter2 https://a.example/ && curl --user=admin:hunter3 https://b.example/', 'HEALTHCHECK CMD curl -fsS -u admin:hunter4 http://localhost/']),
      ['MLD102 2:13 admin:hunter2', 'MLD101 2:67 hunter3', 'MLD101 3:36 hunter4'],
    );
  });
});
