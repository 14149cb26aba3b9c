import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const findings = (text: string, ruleId: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId);
const messages = (text: string, ruleId: string) => findings(text, ruleId).map((f) => f.message);

/** The text after MLC406's quick fix (the first finding's). */
function converted(text: string): string | undefined {
  const fix = findings(text, 'MLC406')[0]?.fix;
  return fix ? applyTextEdits(text, fix.edits) : undefined;
}

/** A `runtime: nvidia` service with `env` lines under it. */
const legacy = (...env: string[]): string => ['services:', '  app:', '    image: acme/trainer:1.0', '    runtime: nvidia', ...env, '    command: python serve.py', ''].join('\n');

const reservation = (which: string): string => ['    deploy:', '      resources:', '        reservations:', '          devices:', '            - driver: nvidia', `              ${which}`, '              capabilities: [gpu]'].join('\n');

describe('Compose second sweep (s26): MLC406 quick fix, MLC408 GPU counts, MLC405 one GPU, MLC410 servers and wording', () => {
  describe('MLC406 converts to a reservation of the GPUs NVIDIA_VISIBLE_DEVICES names', () => {
    it('a UUID becomes device_ids and the variable goes; NVIDIA_DRIVER_CAPABILITIES stays (Docker leaves it to the service for capabilities: [gpu])', () => {
      const text = legacy('    environment:', '      - NVIDIA_VISIBLE_DEVICES=GPU-1a2b3c4d', '      - NVIDIA_DRIVER_CAPABILITIES=compute,video,utility');
      assert.equal(converted(text), ['services:', '  app:', '    image: acme/trainer:1.0', reservation('device_ids: ["GPU-1a2b3c4d"]'), '    environment:', '      - NVIDIA_DRIVER_CAPABILITIES=compute,video,utility', '    command: python serve.py', ''].join('\n'));
      assert.equal(findings(text, 'MLC406')[0]?.fix?.title, 'Reserve GPU GPU-1a2b3c4d with a device reservation');
    });

    it('a list of indexes becomes device_ids; its environment goes with it when it was the only entry', () => {
      const text = legacy('    environment:', '      NVIDIA_VISIBLE_DEVICES: "0,1"');
      assert.equal(converted(text), ['services:', '  app:', '    image: acme/trainer:1.0', reservation('device_ids: ["0", "1"]'), '    command: python serve.py', ''].join('\n'));
    });

    it('`all` or no variable reserves every GPU; a flow environment keeps the variable, which then names the same GPUs', () => {
      assert.equal(converted(legacy('    environment:', '      - NVIDIA_VISIBLE_DEVICES=all')), ['services:', '  app:', '    image: acme/trainer:1.0', reservation('count: all'), '    command: python serve.py', ''].join('\n'));
      assert.equal(converted(legacy()), ['services:', '  app:', '    image: acme/trainer:1.0', reservation('count: all'), '    command: python serve.py', ''].join('\n'));
      assert.equal(converted(legacy('    environment: [NVIDIA_VISIBLE_DEVICES=1]')), ['services:', '  app:', '    image: acme/trainer:1.0', reservation('device_ids: ["1"]'), '    environment: [NVIDIA_VISIBLE_DEVICES=1]', '    command: python serve.py', ''].join('\n'));
    });

    it('no GPU (`none`, `void`) or GPUs it cannot read get no fix; `none` is explained', () => {
      for (const value of ['none', 'void', '${GPUS:-0}', 'first']) {
        const found = findings(legacy('    environment:', `      NVIDIA_VISIBLE_DEVICES: "${value}"`), 'MLC406');
        assert.equal(found.length, 1, value);
        assert.equal(found[0]?.fix, undefined, value);
      }
      assert.match(messages(legacy('    environment:', '      NVIDIA_VISIBLE_DEVICES: none'), 'MLC406')[0] ?? '', /NVIDIA_VISIBLE_DEVICES=none exposes no GPU \(only the driver\)/);
    });
  });

  describe('MLC408 counts the GPUs of the nvidia runtime', () => {
    it('NVIDIA_VISIBLE_DEVICES=all is reported up front, so --fix makes no fix that was never reported', () => {
      const text = legacy('    environment:', '      - NVIDIA_VISIBLE_DEVICES=all');
      assert.deepEqual(messages(text, 'MLC408').map((m) => /may use several GPUs \(all GPUs requested\)/.test(m)), [true]);
      const after = converted(text) ?? '';
      assert.equal(findings(after, 'MLC408').length, 1, 'the reservation it becomes is judged alike');
    });

    it('a list counts its GPUs; one GPU, none or the image’s value are not multi-GPU', () => {
      assert.match(messages(legacy('    environment:', '      NVIDIA_VISIBLE_DEVICES: "0,1,2"'), 'MLC408')[0] ?? '', /uses 3 GPUs/);
      for (const env of [['    environment:', '      NVIDIA_VISIBLE_DEVICES: "0"'], ['    environment:', '      NVIDIA_VISIBLE_DEVICES: none'], []]) {
        assert.deepEqual(messages(legacy(...env), 'MLC408'), [], env.join(' '));
      }
    });
  });

  describe('MLC405 on the one GPU a service sees', () => {
    it('vLLM with every GPU reserved but CUDA_VISIBLE_DEVICES naming one is not reported; naming two, it is', () => {
      const vllm = (visible: string) => ['services:', '  vllm:', '    image: vllm/vllm-openai:v0.8.5', '    command: --model Qwen/Qwen2.5-7B-Instruct', '    environment:', `      CUDA_VISIBLE_DEVICES: "${visible}"`, '    gpus: all', ''].join('\n');
      assert.deepEqual(messages(vllm('0'), 'MLC405'), []);
      assert.equal(messages(vllm('0,1'), 'MLC405').length, 1);
    });
  });

  describe('MLC410 wording', () => {
    const ollama = (port: string) => ['services:', '  ollama:', '    image: ollama/ollama:0.5.7', '    ports:', `      - "${port}"`, ''].join('\n');

    it('a host IP from a variable’s default says so, and `::` is every interface over IPv6', () => {
      assert.match(messages(ollama('${BIND_IP:-0.0.0.0}:11434:11434'), 'MLC410')[0] ?? '', / on 0\.0\.0\.0 \(the default of BIND_IP\), and Ollama/);
      assert.match(messages(ollama('[::]:11434:11434'), 'MLC410')[0] ?? '', / on every interface over IPv6 \(::\), and Ollama/);
    });

    it('Jupyter is said to ask for its token, not to have no authentication', () => {
      const lab = ['services:', '  lab:', '    image: quay.io/jupyter/pytorch-notebook:2024-10-07', '    ports:', '      - "8888:8888"', ''].join('\n');
      const message = messages(lab, 'MLC410')[0] ?? '';
      assert.match(message, /the token it prints to the container's logs/);
      assert.doesNotMatch(message, /often have no authentication/);
    });
  });
});
