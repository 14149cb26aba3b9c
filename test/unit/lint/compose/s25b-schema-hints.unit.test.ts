import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** MLC002's messages for the file, in line order. */
function schemaMessages(text: string): string[] {
  return lintCompose(text).findings.filter((f) => f.ruleId === 'MLC002').map((f) => f.message);
}

describe('MLC002 says what to write instead of a known wrong key', () => {
  it('a service-level device_requests (the Engine API\'s name, khryo-makhina/public) points to device reservations or gpus:', () => {
    const text = 'services:\n  ollama:\n    image: ollama/ollama:0.6.2\n    device_requests:\n      - driver: nvidia\n        count: all\n        capabilities: ["gpu"]\n';
    const [message, ...rest] = schemaMessages(text);
    assert.deepEqual(rest, []);
    assert.match(message ?? '', /^services\.ollama\.device_requests: Unknown field "device_requests"; Compose rejects the file as written, so request GPUs with deploy\.resources\.reservations\.devices instead /);
    assert.match(message ?? '', /or with `gpus:`\.$/);
  });

  it('other unknown keys, and device_requests anywhere but directly under a service, keep the general advice', () => {
    const text = 'services:\n  app:\n    image: acme/app:1.0\n    gpu: all\n    deploy:\n      resources:\n        reservations:\n          device_requests:\n            - capabilities: [gpu]\n';
    const messages = schemaMessages(text);
    assert.equal(messages.length, 2);
    for (const m of messages) {
      assert.match(m, /so fix it to match the compose specification\.$/);
    }
  });
});
