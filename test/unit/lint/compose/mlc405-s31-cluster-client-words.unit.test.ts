import * as assert from 'node:assert/strict';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';

const rule = composeRules.find((r) => r.meta.id === 'MLC405');

function messages(command: string): string[] {
  assert.ok(rule, 'MLC405 is registered');
  const text = ['services:', '  ops:', '    image: alpine/helm:3', `    command: ${command}`, '    gpus: all', ''].join('\n');
  return lintCompose(text, { path: 'compose.yaml', rules: [rule] }).findings.map((f) => f.message);
}

describe('MLC405 (s31): a cluster client’s arguments are no ML command', () => {
  it('hedges for a GPU service that only runs helm or kubectl on objects named vllm', () => {
    for (const command of ['helm uninstall vllm', '["sh", "-c", "kubectl scale deployment vllm --replicas=0"]']) {
      const [message, ...rest] = messages(command);
      assert.equal(rest.length, 0, command);
      assert.match(message ?? '', /too small if it runs PyTorch DataLoader workers/, command);
    }
  });

  it('still says surely when the script runs vLLM after kubectl', () => {
    assert.match(messages('["sh", "-c", "kubectl wait pod/x && vllm serve m"]')[0] ?? '', /too small for/);
  });
});
