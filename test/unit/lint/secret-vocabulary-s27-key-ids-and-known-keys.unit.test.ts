import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { isPlaceholderText, isSecretName, namesSecretCompanion } from '../../../src/core/lint/rules/dockerfile/secrets';

const vocab = { allow: [], names: [] };
const zeros = '0'.repeat(64);

/** How many findings MLD101, MLK117 and MLC101 each give ENCRYPTION_KEY set to `value`. */
function reported(value: string): [number, number, number] {
  const dockerfile = lintDockerfile(`FROM node:20-slim\nENV ENCRYPTION_KEY=${value}\nUSER node\n`, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD101') }).findings;
  const manifest = lintManifest(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: langfuse/langfuse:3\n      env:\n        - name: ENCRYPTION_KEY\n          value: "${value}"\n`).findings;
  const compose = lintCompose(`services:\n  web:\n    image: langfuse/langfuse:3\n    environment:\n      ENCRYPTION_KEY: "${value}"\n`).findings;
  return [dockerfile.filter((f) => f.ruleId === 'MLD101').length, manifest.filter((f) => f.ruleId === 'MLK117').length, compose.filter((f) => f.ruleId === 'MLC101').length];
}

describe('s27: the shared secret vocabulary', () => {
  it('a key of one letter or digit over and over is a key that works: MLD101, MLK117 and MLC101 all report it', () => {
    assert.deepEqual(reported(zeros), [1, 1, 1]);
    assert.deepEqual(reported('aaaaaaaaaaaaaaaa'), [1, 1, 1]);
    assert.ok(!isPlaceholderText(zeros));
  });

  it('masks and blanks stay placeholders in all three rules', () => {
    for (const v of ['x'.repeat(64), '********', '________________', '----------------']) {
      assert.deepEqual(reported(v), [0, 0, 0], v);
      assert.ok(isPlaceholderText(v), v);
    }
  });

  it('ACCESS_KEY after an S3-compatible store\'s name, anywhere before it, is the key\'s ID', () => {
    for (const name of ['RUSTFS_ACCESS_KEY', 'GARAGE_DEFAULT_ACCESS_KEY', 'SEAWEEDFS_ACCESS_KEY', 'HUAWEI_OBS_ACCESS_KEY', 'ALIYUN_OSS_ACCESS_KEY', 'MINIO_ACCESS_KEY', 'AWS_ACCESS_KEY']) {
      assert.ok(!isSecretName(name, vocab), name);
    }
    for (const name of ['RUSTFS_SECRET_KEY', 'GARAGE_DEFAULT_SECRET_KEY', 'SEAWEEDFS_SECRET_KEY', 'ACCESS_KEY', 'SERVICE_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY']) {
      assert.ok(isSecretName(name, vocab), name);
    }
  });

  it('names what goes with a secret: a secret\'s name, then a qualifier', () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'DB_PASSWORD_FILE', 'TOKEN_TTL', 'API_KEY_HEADER']) {
      assert.ok(namesSecretCompanion(name), name);
    }
    for (const name of ['DB_PASSWORD', 'ADMIN_PW', 'USER_ID', 'ID', 'LOG_LEVEL']) {
      assert.ok(!namesSecretCompanion(name), name);
    }
  });
});
