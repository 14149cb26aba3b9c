import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const messages = (text: string, ruleId = 'MLC410'): string[] =>
  lintCompose(text, { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);
const service = (body: string): string => `services:\n  tts:\n${body}`;
const ports = (...entries: string[]): string => `    ports:\n${entries.map((e) => `      - "${e}"\n`).join('')}`;

describe('s34: GPT-SoVITS web UIs on their own ports (MLC410, MLK420)', () => {
  // RVC-Boss/GPT-SoVITS config.py: webui_port_main 9874, uvr5 9873, infer_tts 9872, subfix 9871, api_port 9880.
  it('names each UI on its port, and leaves the API port (9880) to MLC102', () => {
    const text = service(`    image: breakstring/gpt-sovits:latest\n${ports('9880:9880', '9871:9871', '9872:9872', '9873:9873', '9874:9874')}`);
    const found = messages(text);
    assert.deepEqual(
      found.map((m) => /publishes (.*?) on every interface/.exec(m)?.[1]),
      ["GPT-SoVITS's labelling UI", "GPT-SoVITS's inference UI", "GPT-SoVITS's vocal separation UI", "GPT-SoVITS's main web UI"],
    );
    assert.match(found[0] ?? '', /GPT-SoVITS has no login on its Gradio UIs \(the main one on 9874 starts the others on 9871-9873\), so anyone who reaches them can clone voices/);
    assert.deepEqual(messages(text, 'MLC102').length, 1);
    assert.match(messages(text, 'MLC102')[0] ?? '', /port 9880/);
  });

  it('knows the official image and a build of the repository, by the container port', () => {
    assert.equal(messages(service(`    image: xxxxrt666/gpt-sovits:latest-cu128-lite\n${ports('19874:9874')}`)).length, 1);
    assert.equal(messages(service(`    build: ./GPT-SoVITS\n${ports('9872:9872')}`)).length, 1);
    assert.deepEqual(messages(service(`    image: xxxxrt666/gpt-sovits:latest-cu128-lite\n${ports('9874:7860')}`)), []);
  });

  it('not for a container that runs only the HTTP API, nor for other images on those ports', () => {
    assert.deepEqual(messages(service(`    image: xxxxrt666/gpt-sovits:latest-cu126\n    command: python api_v2.py -a 0.0.0.0 -p 9880\n${ports('9874:9874')}`)), []);
    const both = service(`    image: xxxxrt666/gpt-sovits:latest-cu126\n    command: bash -c "python webui.py & python api_v2.py -a 0.0.0.0"\n${ports('9874:9874')}`);
    assert.equal(messages(both).length, 1, 'the web UI runs beside the API');
    assert.deepEqual(messages(service(`    image: acme/voice:1.0\n${ports('9874:9874', '9872:9872')}`)), []);
    assert.deepEqual(messages(service(`    image: acme/voice:1.0\n    command: gradio app.py\n${ports('9874:9874')}`)), [], 'a Gradio app still counts on 7860 only');
  });

  it('on the host network, by its main UI', () => {
    const [message, ...rest] = messages(service('    image: xxxxrt666/gpt-sovits:latest\n    network_mode: host\n'));
    assert.equal(rest.length, 0);
    assert.match(message ?? '', /runs GPT-SoVITS's main web UI with network_mode: host, so it listens on port 9874 of every host interface/);
  });

  it('MLK420: a LoadBalancer in front of its inference UI', () => {
    const manifest = (port: number): string =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:\n  name: tts',
        'spec:\n  selector:\n    matchLabels:\n      app: tts\n  template:\n    metadata:\n      labels:\n        app: tts\n    spec:\n      containers:\n        - name: tts\n          image: xxxxrt666/gpt-sovits:latest-cu126',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata:\n  name: tts',
        `spec:\n  type: LoadBalancer\n  selector:\n    app: tts\n  ports:\n    - port: ${port}`,
        '',
      ].join('\n');
    const mlk420 = (port: number): string[] =>
      lintManifest(manifest(port), { config: emptyConfig() })
        .findings.filter((f) => f.ruleId === 'MLK420')
        .map((f) => f.message);
    assert.match(mlk420(9872)[0] ?? '', /exposes GPT-SoVITS's inference UI \(port 9872\) outside the cluster/);
    assert.deepEqual(mlk420(9880), []);
  });
});
