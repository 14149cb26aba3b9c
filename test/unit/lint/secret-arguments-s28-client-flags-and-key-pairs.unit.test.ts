import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import type { Finding } from '../../../src/core/lint/types';

/** `line:column text` (the text the range covers) of each finding of `ruleId`. */
function covered(text: string, findings: readonly Finding[], ruleId: string): string[] {
  const lines = text.split('\n');
  return findings
    .filter((f) => f.ruleId === ruleId)
    .map((f) => `${f.range.start.line}:${f.range.start.column} ${(lines[f.range.start.line - 1] ?? '').slice(f.range.start.column - 1, f.range.end.column - 1)}`);
}

/** A Pod whose one container runs `sh -c script` (args) and has `probe` lines under it. */
function pod(script: string, probe = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: minio/mc:RELEASE.2025-04-16T18-13-26Z\n      command: [sh, -c]\n      args:\n        - ${script}\n${probe}`;
}

const mlk117 = (text: string): string[] => covered(text, lintManifest(text).findings, 'MLK117');
const mlk117Messages = (text: string): string[] => lintManifest(text).findings.filter((f) => f.ruleId === 'MLK117').map((f) => f.message);

/** A Compose service with these keys. */
const service = (...keys: string[]): string => ['services:', '  cache:', '    image: redis:7.4-alpine', ...keys.map((k) => `    ${k}`), ''].join('\n');
const mlc101 = (text: string): string[] => covered(text, lintCompose(text).findings, 'MLC101');

describe('s28: MLC101/MLK117 read key pairs as ID and secret', () => {
  it('reports only the secret key of an --access-key/--secret-key pair, once, with the pair named', () => {
    const text = pod('s3-uploader --access-key AKIAIOSFODNN7EXAMPLE --secret-key wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY /models');
    assert.deepEqual(mlk117(text), ['10:70 wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY']);
    assert.match(mlk117Messages(text)[0] ?? '', /passes a literal secret to --secret-key \(the secret half of its --access-key\/--secret-key pair; the access key alone is only an ID\)/);
  });

  it('a secret key from a variable or placeholder leaves the pair silent, its access key included', () => {
    for (const secret of ['$(S3_SECRET_KEY)', '"$S3_SECRET_KEY"', '<your-secret-key>']) {
      assert.deepEqual(mlk117(pod(`s3-uploader --access-key app-writer --secret-key ${secret} /models`)), [], secret);
    }
    assert.deepEqual(mlk117(pod('rclone sync /data :s3:models --s3-access-key-id app-writer --s3-secret-access-key $(S3_SECRET)')), []);
  });

  it('pairs flags only within one command: an access key in another command of the script is still reported alone', () => {
    const text = pod('|\n            s3-uploader --access-key AKIAIOSFODNN7EXAMPLE /models\n            other --secret-key $(S3_SECRET_KEY)');
    assert.deepEqual(mlk117(text), ['11:38 AKIAIOSFODNN7EXAMPLE']);
  });

  it('mc alias set: the fourth argument is the secret key, whatever flags stand between', () => {
    assert.deepEqual(mlk117(pod('mc alias set --api S3v4 local http://minio:9000 minioadmin minioadmin')), ['10:70 minioadmin']);
    assert.deepEqual(mlk117(pod('mc config host add local http://minio:9000 admin Min10SecretPw')), ['10:60 Min10SecretPw']);
    assert.deepEqual(mlk117(pod('mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"')), []);
    assert.deepEqual(mlk117(pod('mc alias set local http://minio:9000')), []);
  });

  it('aws configure set: a value for a secret\'s setting is reported, the key\'s ID and other settings are not', () => {
    assert.deepEqual(mlk117(pod('aws configure set aws_session_token FwoGZXIvYXdzEJr --profile ci')), ['10:47 FwoGZXIvYXdzEJr']);
    assert.deepEqual(mlk117(pod('aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE && aws configure set region us-east-1')), []);
  });
});

describe('s28: MLC101/MLK117 read clients\' own password flags', () => {
  it('MLK117 reads probe exec commands and says Kubernetes does not expand $(VAR_NAME) there', () => {
    const text = pod('sleep infinity', '      livenessProbe:\n        exec:\n          command: [redis-cli, -a, s3cret-pw, ping]\n');
    assert.deepEqual(mlk117(text), ['13:36 s3cret-pw']);
    assert.match(mlk117Messages(text)[0] ?? '', /redis-cli -a in its livenessProbe command; .* read it through sh -c as "\$VAR_NAME" \(Kubernetes does not expand \$\(VAR_NAME\) in probe commands\)/);
  });

  it('-p is a password only for the MySQL and MongoDB clients; for redis-cli and pg_isready it is a port', () => {
    assert.deepEqual(mlk117(pod('mysql -h db -u root -proot -e "select 1"')), ['10:33 root']);
    assert.deepEqual(mlk117(pod('mongosh -u root -p M0ngoPw --eval 1')), ['10:30 M0ngoPw']);
    assert.deepEqual(mlk117(pod('redis-cli -h cache -p 6380 ping && pg_isready -h db -p 5433 && psql -p 5432 -U me')), []);
  });

  it('the MySQL clients\' --password takes its value only after `=`; other clients\' --password still takes the next word', () => {
    assert.deepEqual(mlk117(pod('mysqladmin ping --password mysqld')), []);
    assert.deepEqual(mlk117(pod('mysqladmin ping --password=S3cretRootPw')), ['10:38 S3cretRootPw']);
    assert.deepEqual(mlk117(pod('clickhouse-client --password Cl1ckPw --query "select 1"')), ['10:40 Cl1ckPw']);
  });

  it('curl -u reports the password after the first colon; a user alone prompts', () => {
    assert.deepEqual(mlk117(pod('curl -fsS --user=elastic:Elast1cPw http://es:9200')), ['10:36 Elast1cPw']);
    assert.deepEqual(mlk117(pod('curl -u elastic http://es:9200 && curl -u "elastic:$ELASTIC_PASSWORD" http://es:9200')), []);
  });

  it('a literal bearer token in an Authorization header is reported; an expanded one is not', () => {
    assert.deepEqual(mlk117(pod(`'curl -H "Authorization: Bearer sk-live-4f9a8b7c6d5e" http://api:8000/v1/models'`)), ['10:43 sk-live-4f9a8b7c6d5e']);
    assert.deepEqual(mlk117(pod(`'curl -H "Authorization: Bearer $API_TOKEN" http://api:8000/v1/models'`)), []);
  });

  it('a flag at the end of a script line takes no value from the next line', () => {
    const text = pod('|\n            huggingface-cli login --token $(cat /secrets/hf/token) --add-to-git-credential\n            python3 serve.py');
    assert.deepEqual(mlk117(text), []);
  });

  it('MLC101 reads healthcheck.test, string or list form, and fixes it to read the variable from .env', () => {
    const text = service('command: redis-server --requirepass ${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}', 'healthcheck:', '  test: ["CMD", "redis-cli", "-a", "redispass", "ping"]');
    assert.deepEqual(mlc101(text), ['6:41 redispass']);
    const [finding] = lintCompose(text).findings.filter((f) => f.ruleId === 'MLC101');
    assert.match(finding?.message ?? '', /passes a literal secret to redis-cli -a in its healthcheck.test, .* pass \$\{REDIS_PASSWORD\} instead/);
    assert.equal(applyTextEdits(text, finding?.fix?.edits ?? []).split('\n')[5], '      test: ["CMD", "redis-cli", "-a", "${REDIS_PASSWORD:?set REDIS_PASSWORD in .env}", "ping"]');
    assert.deepEqual(mlc101(service('healthcheck:', '  test: mysqladmin ping -u root -pS3cretRootPw')), ['5:39 S3cretRootPw']);
  });

  it('MLC101 leaves healthchecks that read the password from the environment alone ($$VAR, ${VAR})', () => {
    for (const test of ['["CMD", "redis-cli", "-a", "$$REDIS_PASSWORD", "ping"]', 'mysqladmin ping -u root -p$$MYSQL_ROOT_PASSWORD', '["CMD-SHELL", "curl -u elastic:${ELASTIC_PASSWORD} http://localhost:9200"]']) {
      assert.deepEqual(mlc101(service('healthcheck:', `  test: ${test}`)), [], test);
    }
  });
});

describe('s28: MLK117 and $VAR in an env value', () => {
  it('stays silent: $HF_TOKEN is an envsubst placeholder filled in before kubectl reads the file', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: vllm/vllm-openai:v0.9.1\n      env:\n        - name: HF_TOKEN\n          value: $HF_TOKEN\n';
    assert.deepEqual(mlk117(text), []);
  });
});
