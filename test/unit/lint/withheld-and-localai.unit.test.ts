import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';

const lint = (id: string, text: string, envFile?: string) =>
  lintCompose(text, { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) }).findings.filter((f) => f.ruleId === id);

describe('Compose values reading a variable the .env withholds', () => {
  describe('MLC201 image-tag-floating', () => {
    const floating = 'services:\n  llm:\n    image: ${IMAGE:-vllm/vllm-openai:latest}\n';

    it('judges the written default without a .env, and a .env value when it gives one', () => {
      assert.equal(lint('MLC201', floating).length, 1);
      assert.equal(lint('MLC201', floating, 'OTHER=1\n').length, 1);
      assert.deepEqual(lint('MLC201', floating, 'IMAGE=vllm/vllm-openai:v0.8.0\n'), []);
    });

    it('leaves the image unknown when the .env takes IMAGE from the shell or holds it as a secret', () => {
      assert.deepEqual(lint('MLC201', floating, 'IMAGE\n'), []);
      const secret = floating.replaceAll('IMAGE', 'IMAGE_TOKEN');
      assert.equal(lint('MLC201', secret).length, 1);
      assert.deepEqual(lint('MLC201', secret, 'IMAGE_TOKEN=vllm/vllm-openai:latest\n'), []);
    });
  });

  describe('short-syntax ports (MLC102 port-bound-to-all-interfaces)', () => {
    const redis = 'services:\n  redis:\n    image: redis:7.2\n    ports:\n      - "${REDIS_PASSWORD:-6379}:6379"\n';

    it('reads the written default without a .env or when the .env does not set the variable', () => {
      assert.equal(lint('MLC102', redis).length, 1);
      assert.equal(lint('MLC102', redis, 'OTHER=1\n').length, 1);
      assert.deepEqual(lint('MLC102', redis.replaceAll('REDIS_PASSWORD', 'REDIS_PORT'), 'REDIS_PORT=127.0.0.1:6379\n'), []);
    });

    it('makes no judgement when the .env withholds the variable (a secret, or a bare KEY from the shell)', () => {
      assert.deepEqual(lint('MLC102', redis, 'REDIS_PASSWORD=hunter2\n'), []);
      assert.deepEqual(lint('MLC102', redis.replaceAll('REDIS_PASSWORD', 'REDIS_PORT'), 'REDIS_PORT\n'), []);
      assert.equal(lint('MLC102', redis.replaceAll('REDIS_PASSWORD', 'REDIS_PORT'), 'REDIS_PORTS\n').length, 1);
    });
  });
});
