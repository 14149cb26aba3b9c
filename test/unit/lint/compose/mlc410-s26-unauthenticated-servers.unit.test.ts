import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const findings = (text: string, ruleId: string) => lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId);
const lines = (text: string, ruleId: string): number[] => findings(text, ruleId).map((f) => f.range.start.line);
const service = (name: string, body: string): string => `services:\n  ${name}:\n${body}`;

describe('MLC410 on unauthenticated ML servers (Ollama, ComfyUI, Gradio)', () => {
  it('names Ollama and what anyone reaching it can do, with the loopback fix, in place of MLC102', () => {
    const text = service('ollama', '    image: ollama/ollama:0.5.7\n    ports:\n      - "11434:11434"\n');
    const [f] = findings(text, 'MLC410');
    assert.equal(
      f?.message,
      'Service "ollama" publishes Ollama\'s API on every interface, and Ollama has no authentication, so anyone who reaches it can pull, delete and run models; bind it to 127.0.0.1 and use an SSH tunnel or an authenticating proxy.',
    );
    assert.deepEqual(f?.fix?.edits.map((e) => e.newText), ['"127.0.0.1:11434:11434"']);
    assert.deepEqual(lines(text, 'MLC102'), [], 'MLC410 supersedes MLC102 on the same port');
  });

  it('names ComfyUI and a Gradio web UI', () => {
    const text = `${service('comfyui', '    image: yanwk/comfyui-boot:cu124-slim\n    ports:\n      - "8188:8188"\n')}  board:\n    image: acme/finetune:1.0\n    command: llamafactory-cli webui\n    ports:\n      - "7860:7860"\n`;
    assert.deepEqual(findings(text, 'MLC410').map((f) => /publishes (.*) on every interface, and (\w+)/.exec(f.message)?.slice(1)), [
      ['ComfyUI', 'ComfyUI'],
      ['a Gradio web UI', 'Gradio'],
    ]);
  });

  it('needs a sign that the service runs the server: the port alone is not enough', () => {
    const text = service('gateway', '    image: acme/llm-gateway:2.0\n    ports:\n      - "11434:11434"\n      - "8188:8188"\n      - "7860:7860"\n');
    assert.deepEqual(lines(text, 'MLC410'), []);
    assert.deepEqual(lines(text, 'MLC102'), [5, 6, 7]);
  });

  it('follows the port the server is told to listen on: OLLAMA_HOST, GRADIO_SERVER_PORT, --port', () => {
    const text = [
      'services:',
      '  ollama:',
      '    image: ollama/ollama:0.5.7',
      '    environment: [OLLAMA_HOST=0.0.0.0:8080]',
      '    ports: ["8080:8080", "11434:11434"]',
      '  app:',
      '    image: acme/captioner:0.3',
      '    environment: {GRADIO_SERVER_NAME: 0.0.0.0, GRADIO_SERVER_PORT: "${PORT:-7000}"}',
      '    ports: ["7000:7000", "7860:7860"]',
      '  comfy:',
      '    image: yanwk/comfyui-boot:cu124-slim',
      '    command: ["--listen", "0.0.0.0", "--port=9000"]',
      '    ports: ["9000:9000", "8188:8188"]',
      '',
    ].join('\n');
    assert.deepEqual(findings(text, 'MLC410').map((f) => `${f.range.start.line}:${f.range.start.column}`), ['5:13', '9:13', '13:13']);
  });

  it('reads the container port: a host port of a server with another container port is none of it', () => {
    const text = service('ollama', '    image: ollama/ollama:0.5.7\n    ports:\n      - "11434:9090"\n      - "8080:11434"\n');
    assert.deepEqual(lines(text, 'MLC410'), [6]);
  });

  it('shows Ollama by `ollama serve` in the command, and not by an Ollama client\'s OLLAMA_HOST', () => {
    const server = service('llm', '    image: acme/llm-box:1.0\n    entrypoint: ["/bin/sh", "-c", "ollama serve & sleep 5 && ollama pull llama3.2 && wait"]\n    ports:\n      - "11434:11434"\n');
    assert.deepEqual(lines(server, 'MLC410'), [6]);
    const client = service('puller', '    image: acme/llm-box:1.0\n    environment:\n      OLLAMA_HOST: http://ollama:11434\n    command: ollama pull llama3.2\n    ports:\n      - "11434:11434"\n');
    assert.deepEqual(lines(client, 'MLC410'), []);
  });

  it('leaves a server that listens only on the container\'s loopback, or that may ask for a login', () => {
    const loopback = service('ollama', '    image: ollama/ollama:0.5.7\n    environment:\n      OLLAMA_HOST: 127.0.0.1:11434\n    ports:\n      - "11434:11434"\n');
    assert.deepEqual(lines(loopback, 'MLC410'), []);
    const comfyLoopback = service('comfy', '    image: yanwk/comfyui-boot:cu124-slim\n    command: python main.py --listen 127.0.0.1\n    ports:\n      - "8188:8188"\n');
    assert.deepEqual(lines(comfyLoopback, 'MLC410'), []);
    const sdAuth = service('sd', '    image: universonic/stable-diffusion-webui:full\n    environment:\n      - CLI_ARGS=--listen --gradio-auth-path /run/secrets/auth\n    ports:\n      - "7860:7860"\n');
    assert.deepEqual(lines(sdAuth, 'MLC410'), []);
    const aiDock = service('comfy', '    image: ghcr.io/ai-dock/comfyui:latest-cuda\n    ports:\n      - "8188:8188"\n');
    assert.deepEqual(lines(aiDock, 'MLC410'), []);
  });

  it('keeps Ollama findings whatever its environment holds: Ollama has no login to configure', () => {
    const text = service('ollama', '    image: ollama/ollama:0.5.7\n    environment:\n      - WEBUI_AUTH=true\n      - OLLAMA_API_KEY=${OLLAMA_API_KEY}\n    ports:\n      - "11434:11434"\n');
    assert.deepEqual(lines(text, 'MLC410'), [8]);
  });

  it('is silent for a loopback bind, and open-webui\'s own port is MLC102\'s', () => {
    const text = `${service('ollama', '    image: ollama/ollama:0.5.7\n    ports:\n      - "127.0.0.1:11434:11434"\n')}  open-webui:\n    image: ghcr.io/open-webui/open-webui:ollama\n    ports:\n      - "3000:8080"\n`;
    assert.deepEqual(lines(text, 'MLC410'), []);
    assert.deepEqual(lines(text, 'MLC102'), [9]);
  });
});
