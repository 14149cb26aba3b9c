import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** MLC101's findings as `line:column text` (the text the range covers), for a Compose file given as lines. */
function flagged(lines: readonly string[]): string[] {
  const text = [...lines, ''].join('\n');
  return lintCompose(text)
    .findings.filter((f) => f.ruleId === 'MLC101')
    .map((f) => `${f.range.start.line}:${f.range.start.column} ${(lines[f.range.start.line - 1] ?? '').slice(f.range.start.column - 1, f.range.end.column - 1)}`);
}

const service = (...keys: string[]) => ['services:', '  vllm:', '    image: vllm/vllm-openai:v0.9.1', ...keys.map((k) => `    ${k}`)];

describe('s27: MLC101 reads credential flags on the command line', () => {
  it('reports the value after --api-key, --hf-token, --token in command, string or list form', () => {
    assert.deepEqual(flagged(service('command: --model m --api-key s3cr3t-key')), ['4:34 s3cr3t-key']);
    assert.deepEqual(flagged(service('command: [--model, m, --hf-token, hf_abcdefghijklmnopqrstuvwxyzABCDEFGH]')), ['4:39 hf_abcdefghijklmnopqrstuvwxyzABCDEFGH']);
    assert.deepEqual(flagged(service('command: ["--token=hunter2hunter2"]')), ['4:24 hunter2hunter2']);
  });

  it('reads entrypoint and command as one command line, and names where the value is', () => {
    const lines = service('entrypoint: [vllm, serve, m, --api-key]', 'command: [s3cr3t-key]');
    assert.deepEqual(flagged(lines), ['5:15 s3cr3t-key']);
    const [finding] = lintCompose([...lines, ''].join('\n')).findings.filter((f) => f.ruleId === 'MLC101');
    assert.match(finding?.message ?? '', /passes a literal secret to --api-key in its command, .* pass \$\{API_KEY\} instead and set API_KEY in an \.env file/);
    assert.deepEqual(flagged(service('entrypoint: [sh, -c, "vllm serve m --api-key s3cr3t-key"]')), ['4:50 s3cr3t-key']);
  });

  it('leaves interpolations, escaped dollars, placeholders, files, counts and variable names alone', () => {
    for (const command of [
      'command: --api-key ${VLLM_API_KEY}',
      'command: --api-key $$VLLM_API_KEY',
      'command: [--api-key, "<your-api-key>"]',
      'command: [--api-key, EMPTY]',
      'command: [--api-key-file, /run/secrets/api-key]',
      'command: [--max-num-batched-tokens, "8192"]',
      'command: [--api-key-env, OPENAI_API_KEY]',
      'command: [--hf-token, --trust-remote-code]',
    ]) {
      assert.deepEqual(flagged(service(command)), [], command);
    }
  });

  it('the fix passes the variable instead: a whole item quoted, a value inside an item in place', () => {
    const fixed = (lines: readonly string[]) => {
      const text = [...lines, ''].join('\n');
      return applyTextEdits(text, lintCompose(text).findings.filter((f) => f.ruleId === 'MLC101').flatMap((f) => f.fix?.edits ?? [])).split('\n')[3];
    };
    assert.equal(fixed(service('command: [--api-key, s3cr3t-key]')), '    command: [--api-key, "${API_KEY:?set API_KEY in .env}"]');
    assert.equal(fixed(service('command: ["--hf-token=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH"]')), '    command: ["--hf-token=${HF_TOKEN:?set HF_TOKEN in .env}"]');
    assert.equal(fixed(service('command: --model m --api-key s3cr3t-key')), '    command: --model m --api-key ${API_KEY:?set API_KEY in .env}');
  });

  it('near miss: no fix where `${…}` cannot stand, a plain item of a flow sequence that holds more than the value', () => {
    const [finding] = lintCompose([...service('command: [--api-key=s3cr3t-key]'), ''].join('\n')).findings.filter((f) => f.ruleId === 'MLC101');
    assert.ok(finding && finding.fix === undefined);
  });

  it('a literal default in a flag\'s interpolation is reported once, as a committed default', () => {
    const lines = service('command: --api-key ${VLLM_API_KEY:-s3cr3t-key}');
    const findings = lintCompose([...lines, ''].join('\n')).findings.filter((f) => f.ruleId === 'MLC101');
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /commits a literal default for VLLM_API_KEY/);
  });
});

describe('s27: MLC101 and the ID half of an object store\'s key pair', () => {
  const storage = (...env: string[]) => ['services:', '  storage:', '    image: rustfs/rustfs:1.0.0-alpha.76', '    environment:', ...env.map((e) => `      ${e}`)];

  it('MLflow\'s RustFS access key from ${AWS_ACCESS_KEY_ID:-s3admin} is an ID; its secret key from ${AWS_SECRET_ACCESS_KEY:-s3admin} is reported', () => {
    assert.deepEqual(flagged(storage('RUSTFS_ACCESS_KEY: ${AWS_ACCESS_KEY_ID:-s3admin}', 'RUSTFS_SECRET_KEY: ${AWS_SECRET_ACCESS_KEY:-s3admin}')), ['6:26 ${AWS_SECRET_ACCESS_KEY:-s3admin}']);
  });

  it('a variable named as what goes with a secret (an ID, a file) gives no secret, whatever name it is given to', () => {
    assert.deepEqual(flagged(storage('SERVICE_ACCESS_KEY: ${SERVICE_ACCESS_KEY_ID:-app-writer}')), []);
    assert.deepEqual(flagged(storage('SERVICE_ACCESS_KEY: ${SERVICE_ACCESS_KEY:-app-writer}')), ['5:27 ${SERVICE_ACCESS_KEY:-app-writer}']);
  });

  it('near miss: a variable whose name says nothing either way still gives a secret name its secret', () => {
    assert.deepEqual(flagged(storage('ADMIN_PASSWORD: ${ADMIN_PW:-admin123}')), ['5:23 ${ADMIN_PW:-admin123}']);
  });

  it('RustFS, Garage, SeaweedFS, Huawei OBS and Alibaba OSS access keys are IDs; their secret keys are not', () => {
    assert.deepEqual(flagged(storage('RUSTFS_ACCESS_KEY: rustfsadmin', 'GARAGE_DEFAULT_ACCESS_KEY: GK31c2f218a2e44f485b94239e', 'SEAWEEDFS_ACCESS_KEY: app-writer', 'HUAWEI_OBS_ACCESS_KEY: HPUAXXTPGRS5MEC2QCDE', 'ALIYUN_OSS_ACCESS_KEY: LTAI5tQ9rKz3mN8wJ2hY7pXv')), []);
    assert.deepEqual(flagged(storage('RUSTFS_SECRET_KEY: rustfsadmin', 'GARAGE_DEFAULT_SECRET_KEY: 7d37d093435a41f2')), ['5:26 rustfsadmin', '6:34 7d37d093435a41f2']);
  });
});
