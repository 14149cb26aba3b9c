import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { emptyConfig } from '../../../src/core/lint/config';
import { rule as mld102 } from '../../../src/core/lint/rules/dockerfile/mld102-credentials-in-url';
import {
  isFilePathValue,
  isFlagValue,
  isPlaceholderText,
  isPlaceholderValue,
  isSecretName,
  isVariableReference,
  looksLikeCredential,
} from '../../../src/core/lint/rules/dockerfile/secrets';

const vocab = { allow: [], names: [] };

describe('secret values and names', () => {
  it('reads placeholder text as no secret', () => {
    for (const v of ['', '  ', '<token>', '<redacted>', '<your-hf-token>', 'YOUR_TOKEN', 'your-api-key', 'your_token_here', 'insert_your_key',
      'paste-token-here', 'changeme', 'CHANGE_ME', 'change-it', 'REPLACE_ME', 'replace_with_token', 'TODO', 'FIXME', 'xxx', 'XXXXXXXX', '****',
      'xxxx-xxxx', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'AKIAXXXXXXXXXXXXXXXX', '...', 'sk-...', '[REDACTED]', 'placeholder']) {
      assert.ok(isPlaceholderText(v), v);
    }
  });

  it('keeps real-looking values', () => {
    for (const v of ['hunter2', 'x', 'notyet', 'token-abc123', 'd3pl0y', 'max', 'flavour', 'somewhere', 'hf_abcdefghijklmnopqrstuvwxyz0123456789', 'postgres', '2', '$ecret$']) {
      assert.ok(!isPlaceholderText(v), v);
    }
  });

  it('reads whole-value references as no literal', () => {
    for (const v of ['$HF_TOKEN', '${HF_TOKEN}', '${HF_TOKEN:-}', '${HF_TOKEN:?set it}', '$(HF_TOKEN)', '{{ .Values.hfToken }}']) {
      assert.ok(isVariableReference(v), v);
      assert.ok(isPlaceholderValue(v), v);
    }
    for (const v of ['token-$(SUFFIX)', 'Bearer ${TOKEN} x', '$', '$1abc']) {
      assert.ok(!isVariableReference(v), v);
    }
  });

  it('reads switch values as flags', () => {
    for (const v of ['0', '1', 'true', 'False', 'YES', 'no', 'on', 'off', ' true ']) {
      assert.ok(isFlagValue(v), v);
    }
    for (const v of ['2', '01', 'enabled-by-ci', 'truth', '']) {
      assert.ok(!isFlagValue(v), v);
    }
  });

  it('reads a plainly absolute file path as the location of a secret, not the secret', () => {
    // ai2cm/fv3net's Argo workflows: GOOGLE_APPLICATION_CREDENTIALS=/secret/gcp-credentials/key.json.
    for (const v of ['/secret/gcp-credentials/key.json', '/run/secrets/hf', '/var/run/secrets/kubernetes.io/serviceaccount/token', '/credentials.json', '/opt/airflow/']) {
      assert.ok(isFilePathValue(v), v);
      assert.ok(isPlaceholderValue(v), v);
    }
    for (const v of ['/s3cr3t', '/Zm9vYmFy+YmF6/cXV4', '/abc=/def', 'key.json', 'secret/key.json', '/', '//', '/a b/c', 'hunter2']) {
      assert.ok(!isFilePathValue(v), v);
    }
  });

  it('does not take placeholders for credentials', () => {
    assert.ok(looksLikeCredential('hf_abcdefghijklmnopqrstuvwxyz0123456789'));
    assert.ok(!looksLikeCredential('hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'));
    assert.ok(!looksLikeCredential('sk-XXXXXXXXXXXXXXXXXXXXXXXX'));
  });

  it('clears a secret name with a flag word before the secret word', () => {
    for (const n of ['SCCACHE_S3_NO_CREDENTIALS', 'SKIP_TOKEN_CHECK', 'DISABLE_AUTH_TOKEN', 'ALLOW_EMPTY_PASSWORD', 'ENABLE_TOKEN_AUTH', 'REQUIRE_PASSWORD', 'IGNORE_API_KEY', 'NO_API_KEY']) {
      assert.ok(!isSecretName(n, vocab), n);
    }
    for (const n of ['HF_TOKEN', 'GITHUB_TOKEN', 'USE_AUTH_TOKEN', 'NOTIFY_TOKEN', 'TOKEN_NO', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY']) {
      assert.ok(isSecretName(n, vocab), n);
    }
    assert.ok(isSecretName('NO_CREDENTIALS', { allow: [], names: ['NO_CREDENTIALS'] }), 'a configured name wins');
  });

  it('reads an object store\'s ACCESS_KEY as the key\'s ID (the user half of the pair), and its SECRET_KEY as the secret', () => {
    // The MinIO service of every Milvus standalone compose file: MINIO_ACCESS_KEY is MinIO's old MINIO_ROOT_USER.
    for (const n of ['MINIO_ACCESS_KEY', 'AWS_ACCESS_KEY', 'S3_ACCESS_KEY', 'MLFLOW_S3_ACCESS_KEY']) {
      assert.ok(!isSecretName(n, vocab), n);
    }
    for (const n of ['MINIO_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'S3_SECRET_KEY', 'AZURE_STORAGE_ACCESS_KEY', 'ACCESS_KEY', 'MY_SERVICE_ACCESS_KEY']) {
      assert.ok(isSecretName(n, vocab), n);
    }
  });
});

describe('MLD102 with placeholder URL credentials', () => {
  const findings = (text: string): number => lintDockerfile(text, { config: emptyConfig(), rules: [mld102] }).findings.length;

  it('does not report placeholders in the userinfo', () => {
    assert.equal(findings('FROM python:3.11-slim\nENV PIP_EXTRA_INDEX_URL=https://user:<token>@pypi.example.com/simple\n'), 0);
    assert.equal(findings('FROM python:3.11-slim\nRUN git clone https://oauth2:YOUR_TOKEN@gitlab.example.com/org/repo.git\n'), 0);
    assert.equal(findings('FROM python:3.11-slim\nRUN git clone https://xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@github.com/org/repo.git\n'), 0);
  });

  it('still reports literal passwords', () => {
    assert.equal(findings('FROM python:3.11-slim\nENV PIP_EXTRA_INDEX_URL=https://user:hunter2@pypi.example.com/simple\n'), 1);
  });
});
