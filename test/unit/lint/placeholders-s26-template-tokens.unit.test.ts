import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { isTemplatePlaceholder } from '../../../src/core/lint/placeholders';
import { rule as mld101 } from '../../../src/core/lint/rules/dockerfile/mld101-secret-in-arg-env';
import { rule as mld102 } from '../../../src/core/lint/rules/dockerfile/mld102-credentials-in-url';
import { isPlaceholderText, looksLikeCredential } from '../../../src/core/lint/rules/dockerfile/secrets';
import { fixtureSchemas } from './kubernetes/support';

/** The fill-in tokens a sweep of real manifests found reported as literal secrets. */
const fillInSecrets = ['PLACEHOLDER_HF_TOKEN', 'REPLACE_HF_TOKEN', 'HF_TOKEN_PLACEHOLDER', 'INSERT_TOKEN', '<your-token>', 'your-hf-token', 'dummy-key', 'my_dummy_token'];
/** Real-looking values next to that vocabulary: credentials, a JWT, base64, mixed-case words, words that only contain a fill-in word. */
const realSecrets = [
  'hf_abcdefghijklmnopqrstuvwxyz0123456789',
  'sk-proj-abcdefghijklmnopqrstuvwxyz012345',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl',
  'cGxhY2Vob2xkZXItbm90LXJlYWxseQ==',
  'Insert-Coin-2024',
  'REPLACEMENT_KEY_42',
  'placeholders4ever',
  'dummyproof',
];

describe('template placeholders: a whole scalar that a script fills in before the file is used', () => {
  it('takes shell variables, sed-style tokens and <...> as placeholders', () => {
    for (const v of ['$GPU_PER_NODE', '${GPU_PER_NODE}', 'PLACEHOLDER_NUM_GPU_PER_NODE', 'HF_TOKEN_PLACEHOLDER', 'PLACEHOLDER', 'REPLACE_ME', 'REPLACE_MODEL_SERVER_IMAGE', 'INSERT_TOKEN', 'YOUR_NUM_NODES', 'replace-me', '<num-gpus>', '<number of nodes>']) {
      assert.ok(isTemplatePlaceholder(v), v);
    }
  });

  it('does not take a typo, a quoted token as written, an expression or a non-string for one', () => {
    for (const v of ['three', '"$NUM_NODES"', '"PLACEHOLDER_NUM_NODES"', '$N-1', '${N:-1}', '<>', '<a><b>', 'Insert-Coin-2024', 'REPLACEMENT', 'replace', 'placeholders', 'dummy', '', 8, undefined, null]) {
      assert.ok(!isTemplatePlaceholder(v), String(v));
    }
  });
});

describe('the secret rules read fill-in tokens as placeholders, never a real credential', () => {
  it('takes the fill-in vocabulary as placeholder text and not as a credential', () => {
    for (const v of [...fillInSecrets, 'sk-placeholder-for-local-testing-only']) {
      assert.ok(isPlaceholderText(v), v);
      assert.ok(!looksLikeCredential(v), v);
    }
  });

  it('keeps real credentials and real-looking words', () => {
    for (const v of realSecrets) {
      assert.ok(!isPlaceholderText(v), v);
    }
    assert.ok(looksLikeCredential('hf_abcdefghijklmnopqrstuvwxyz0123456789'));
    assert.ok(looksLikeCredential('sk-proj-abcdefghijklmnopqrstuvwxyz012345'));
  });

  it('MLK117 leaves fill-in tokens (aws-samples\' verl RayCluster is filled in by sed) and reports real values', () => {
    const pod = (value: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: registry.example/x:1\n      env:\n        - name: HF_TOKEN\n          value: "${value}"\n`;
    const reported = (value: string): number => lintManifest(pod(value)).findings.filter((f) => f.ruleId === 'MLK117').length;
    for (const v of fillInSecrets) {
      assert.equal(reported(v), 0, v);
    }
    for (const v of realSecrets) {
      assert.equal(reported(v), 1, v);
    }
  });

  it('MLC101 agrees, for values and for interpolation defaults', () => {
    const service = (value: string): string => `services:\n  trainer:\n    image: acme/trainer:1.0\n    environment:\n      HF_TOKEN: "${value}"\n`;
    const reported = (value: string): number => lintCompose(service(value), { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC101').length;
    for (const v of fillInSecrets) {
      assert.equal(reported(v), 0, v);
      assert.equal(reported(`\${HF_TOKEN:-${v}}`), 0, `default ${v}`);
    }
    for (const v of realSecrets) {
      assert.equal(reported(v), 1, v);
    }
  });

  it('MLD101 agrees for ENV, and still reports an ARG, whose real value comes with --build-arg', () => {
    const reported = (line: string): number => lintDockerfile(`FROM python:3.11-slim\n${line}\n`, { config: emptyConfig(), rules: [mld101] }).findings.length;
    for (const v of fillInSecrets) {
      assert.equal(reported(`ENV HF_TOKEN=${v}`), 0, v);
      assert.equal(reported(`ARG HF_TOKEN=${v}`), 1, `ARG ${v}`);
    }
    for (const v of realSecrets) {
      assert.equal(reported(`ENV HF_TOKEN=${v}`), 1, v);
    }
  });

  it('MLD102 takes a fill-in password in a URL as no literal password', () => {
    const reported = (url: string): number => lintDockerfile(`FROM python:3.11-slim\nENV PIP_EXTRA_INDEX_URL=${url}\n`, { config: emptyConfig(), rules: [mld102] }).findings.length;
    assert.equal(reported('https://user:PLACEHOLDER_PASSWORD@pypi.example.com/simple'), 0);
    assert.equal(reported('https://user:Insert-Coin-2024@pypi.example.com/simple'), 1);
  });
});

describe('MLK002 waits for a fill-in token that is the whole value', () => {
  const deployment = (replicas: string, pullPolicy = 'IfNotPresent'): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: server\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: server\n  template:\n    metadata:\n      labels:\n        app: server\n    spec:\n      containers:\n        - name: server\n          image: registry.example/server:1.0\n          imagePullPolicy: ${pullPolicy}\n`;
  const messages = (text: string): string[] => lintManifest(text, { schemas: fixtureSchemas() }).findings.filter((f) => f.ruleId === 'MLK002').map((f) => f.message);

  it('does not report a count or an enum value that sed or envsubst fills in', () => {
    for (const replicas of ['PLACEHOLDER_NUM_NODES', 'REPLACE_ME', '<num-nodes>', '$NUM_NODES', '${NUM_NODES}']) {
      assert.deepEqual(messages(deployment(replicas)), [], replicas);
    }
    for (const policy of ['$PULL_POLICY', '"${PULL_POLICY}"', 'PLACEHOLDER_PULL_POLICY', "'<pull-policy>'"]) {
      assert.deepEqual(messages(deployment('1', policy)), [], policy);
    }
  });

  it('still reports a typo, a quoted token and a token inside a longer value', () => {
    for (const replicas of ['three', '"PLACEHOLDER_NUM_NODES"', '"<num-nodes>"', 'TBD', '$NUM_NODES-1']) {
      assert.deepEqual(messages(deployment(replicas)), ['spec.replicas: Expected integer, got string.'], replicas);
    }
    for (const policy of ['Alway', '"Alway"', '"$PULL_POLICY-x"']) {
      assert.equal(messages(deployment('1', policy)).length, 1, policy);
    }
  });
});
