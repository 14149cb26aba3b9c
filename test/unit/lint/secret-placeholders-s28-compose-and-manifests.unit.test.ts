import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';

const mlc101 = (environment: readonly string[]): string[] =>
  lintCompose(['services:', '  tgi:', '    image: ghcr.io/huggingface/text-generation-inference:2.4.1', '    environment:', ...environment.map((e) => `      ${e}`), ''].join('\n'), { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === 'MLC101')
    .map((f) => `${f.range.start.line}`);

const mlk117 = (name: string, value: string): number =>
  lintManifest(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: registry.example/x:1\n      env:\n        - {name: ${name}, value: "${value}"}\n`).findings.filter((f) => f.ruleId === 'MLK117').length;

describe('s28: MLC101 and MLK117 take a value that spells its secret\'s name for a placeholder', () => {
  it('gpt4all: HUGGING_FACE_HUB_TOKEN=token, in list and map form and as an interpolation default', () => {
    assert.deepEqual(mlc101(['- HUGGING_FACE_HUB_TOKEN=token', '- HF_TOKEN=hf_token', 'OPENAI_API_KEY: api_key']), []);
    assert.deepEqual(mlc101(['HF_API_TOKEN: ${HF_API_TOKEN:-my-hf-token}', 'API_KEY: ${KEY:-api_key}']), []);
  });

  it('near miss: passwords that spell their names, defaults, made-up words and squashed spellings are still reported', () => {
    assert.deepEqual(mlc101(['POSTGRES_PASSWORD: postgres_password', 'HF_TOKEN: secret', 'HUGGINGFACE_TOKEN: dummyproof', 'JUPYTER_TOKEN: ${JUPYTER_TOKEN:-jupytertoken}']), ['5', '6', '7', '8']);
  });

  it('MLK117 agrees', () => {
    assert.equal(mlk117('HUGGING_FACE_HUB_TOKEN', 'token'), 0);
    assert.equal(mlk117('OPENAI_API_KEY', 'openai_api_key'), 0);
    assert.equal(mlk117('POSTGRES_PASSWORD', 'postgres_password'), 1);
    assert.equal(mlk117('HF_TOKEN', 'Xk29dLq0vB'), 1);
  });
});
