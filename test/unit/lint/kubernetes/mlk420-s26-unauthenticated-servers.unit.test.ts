import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const messages = (text: string, id: string): string[] => lintManifest(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);

const service = (name: string, port: string, type = 'LoadBalancer') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  selector: {app: backend}\n  ports:\n    - ${port}\n`;
const deployment = (container: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: backend}\nspec:\n  selector: {matchLabels: {app: backend}}\n  template:\n    metadata: {labels: {app: backend}}\n    spec:\n      containers:\n        - name: server\n${container}---\n`;

describe('MLK420 on unauthenticated ML servers (Ollama, ComfyUI, Gradio)', () => {
  it('names Ollama behind a LoadBalancer and what anyone reaching it can do, in place of MLK124', () => {
    const text = deployment('          image: ollama/ollama:0.5.7\n') + service('llm', '{port: 80, targetPort: 11434}');
    assert.deepEqual(messages(text, 'MLK420'), [
      "This LoadBalancer Service exposes Ollama's API (port 11434) outside the cluster, and Ollama has no authentication, so anyone who reaches it can pull, delete and run models; use ClusterIP with a port-forward, or restrict loadBalancerSourceRanges (suppress this if the port serves something else).",
    ]);
    assert.deepEqual(messages(text, 'MLK124'), []);
  });

  it('follows the port the selected container listens on (OLLAMA_HOST, GRADIO_SERVER_PORT)', () => {
    const ollama = deployment('          image: ollama/ollama:0.5.7\n          env: [{name: OLLAMA_HOST, value: "0.0.0.0:8080"}]\n');
    assert.equal(messages(ollama + service('llm', '{port: 11434, targetPort: 8080}'), 'MLK420').length, 1);
    assert.deepEqual(messages(ollama + service('llm', '{port: 11434, targetPort: 11434}'), 'MLK420'), [], 'Ollama listens on 8080, not 11434');
    const gradio = deployment('          image: acme/captioner:0.3\n          env: [{name: GRADIO_SERVER_NAME, value: 0.0.0.0}]\n');
    assert.match(messages(gradio + service('captioner', '{port: 80, targetPort: 7860}', 'NodePort'), 'MLK420')[0] ?? '', /exposes a Gradio web UI \(port 7860\)/);
  });

  it('takes the Service\'s name for the server only when the file holds none of the pods it selects', () => {
    assert.equal(messages(service('comfyui', '{port: 8188}'), 'MLK420').length, 1);
    assert.equal(messages(service('open-webui-ollama', '{port: 11434}'), 'MLK420').length, 1);
    assert.deepEqual(messages(service('ollama-proxy', '{port: 11434}'), 'MLK420'), [], 'a name that only has "ollama" inside');
    const proxy = deployment('          image: acme/key-auth-gateway:2.1\n');
    assert.deepEqual(messages(proxy + service('ollama', '{port: 11434}'), 'MLK420'), [], 'the selected pod runs something else');
  });

  it('needs a sign of the server: the port alone is MLK124\'s', () => {
    const text = deployment('          image: acme/llm-gateway:2.0\n') + service('gateway', '{port: 7860}');
    assert.deepEqual(messages(text, 'MLK420'), []);
    assert.equal(messages(text, 'MLK124').length, 1);
  });

  it('leaves a server that may ask for a login, or listens only on the pod\'s loopback', () => {
    const comfy = deployment('          image: yanwk/comfyui-boot:cu124-slim\n          env: [{name: WEB_PASSWORD, valueFrom: {secretKeyRef: {name: c, key: p}}}]\n');
    assert.deepEqual(messages(comfy + service('comfyui', '{port: 8188}'), 'MLK420'), []);
    const loopback = deployment('          image: ollama/ollama:0.5.7\n          env: [{name: OLLAMA_HOST, value: "127.0.0.1"}]\n');
    assert.deepEqual(messages(loopback + service('ollama', '{port: 11434}'), 'MLK420'), []);
  });
});
