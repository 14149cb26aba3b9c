import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const findings = (text: string, ruleId: string, envFile?: string) =>
  lintCompose(text, { config: emptyConfig(), ...(envFile !== undefined ? { envFile } : {}) }).findings.filter((f) => f.ruleId === ruleId);
const lines = (text: string, ruleId: string, envFile?: string): number[] => findings(text, ruleId, envFile).map((f) => f.range.start.line);
const service = (name: string, body: string): string => `services:\n  ${name}:\n${body}`;

describe('s27: LocalAI and host networking (MLC410, MLC102, MLK420)', () => {
  describe('LocalAI, an unauthenticated server unless an API key is set', () => {
    // mudler/LocalAI docker-compose.yaml: its env_file is the project's .env, which sets no key upstream.
    const upstream = service('api', '    image: quay.io/go-skynet/local-ai:master\n    ports:\n      - 8080:8080\n    env_file:\n      - .env\n    command:\n      - phi-2\n');

    it('names LocalAI, its key variable and its galleries, with the loopback fix, in place of MLC102', () => {
      const [f, ...rest] = findings(upstream, 'MLC410', 'MODELS_PATH=/models\n');
      assert.equal(rest.length, 0);
      assert.equal(
        f?.message,
        'Service "api" publishes LocalAI on every interface, and LocalAI has no authentication unless an API key is set (LOCALAI_API_KEY), so anyone who reaches it can run models on its GPUs and install new ones from its galleries; bind it to 127.0.0.1 and use an SSH tunnel or an authenticating proxy.',
      );
      assert.deepEqual(f?.fix?.edits.map((e) => e.newText), ['"127.0.0.1:8080:8080"']);
      assert.deepEqual(lines(upstream, 'MLC102', 'MODELS_PATH=/models\n'), []);
    });

    it('takes a key the .env sets (even withheld as a secret) as a login, and an env_file it did not read as a possible one', () => {
      assert.deepEqual(lines(upstream, 'MLC410', 'API_KEY=sk-1\n'), []);
      assert.deepEqual(lines(upstream, 'MLC410', 'LOCALAI_API_KEY\n'), []);
      assert.deepEqual(lines(upstream, 'MLC410'), [], 'the .env was not read');
      assert.deepEqual(lines(upstream.replace('- .env', '- localai.env'), 'MLC410', 'MODELS_PATH=/models\n'), []);
      assert.equal(lines(upstream.replace('- .env', '- ./.env'), 'MLC410', 'THREADS=4\n').length, 1);
    });

    it('needs LocalAI shown by its image or its `local-ai run` command, not port 8080 alone', () => {
      assert.deepEqual(lines(service('web', '    image: nginx:1.27\n    ports:\n      - 8080:8080\n'), 'MLC410'), []);
      assert.equal(lines(service('ai', '    image: acme/llm:1.0\n    command: ["local-ai", "run"]\n    ports:\n      - 8080:8080\n'), 'MLC410').length, 1);
      assert.deepEqual(lines(service('ai', '    image: localai/localai:v2.29.0\n    environment:\n      LOCALAI_ADDRESS: 127.0.0.1:8080\n    ports:\n      - 8080:8080\n'), 'MLC410'), []);
      assert.deepEqual(lines(service('ai', '    image: localai/localai:v2.29.0\n    command: ["run", "--api-keys=k1"]\n    ports:\n      - 8080:8080\n'), 'MLC410'), []);
    });

    it('reports a LoadBalancer Service in front of LocalAI, not one whose pods get the key from a Secret', () => {
      const deployment = (env: string): string =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ai\nspec:\n  selector:\n    matchLabels: {app: ai}\n  template:\n    metadata:\n      labels: {app: ai}\n    spec:\n      containers:\n        - name: ai\n          image: localai/localai:v2.29.0\n${env}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ai\nspec:\n  type: LoadBalancer\n  selector: {app: ai}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
      const mlk420 = (text: string) => lintManifest(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLK420');
      assert.match(mlk420(deployment(''))[0]?.message ?? '', /^This LoadBalancer Service exposes LocalAI \(port 8080\) outside the cluster, and LocalAI has no authentication unless an API key is set/);
      assert.deepEqual(mlk420(deployment('          envFrom:\n            - secretRef: {name: ai}\n')), []);
      assert.deepEqual(mlk420(deployment('          env:\n            - name: API_KEY\n              valueFrom:\n                secretKeyRef: {name: ai, key: key}\n')), []);
    });
  });

  describe('network_mode: host, where nothing is published but a server on 0.0.0.0 is on every host interface', () => {
    it('MLC410 names the known server, its port and its risk at network_mode', () => {
      const text = service('ollama', '    image: ollama/ollama:0.5.7\n    network_mode: host\n');
      const [f, ...rest] = findings(text, 'MLC410');
      assert.equal(rest.length, 0);
      assert.equal(f?.range.start.line, 4);
      assert.equal(
        f?.message,
        'Service "ollama" runs Ollama\'s API with network_mode: host, so it listens on port 11434 of every host interface, and Ollama has no authentication, so anyone who reaches it can pull, delete and run models; bind it to 127.0.0.1, or drop host networking and publish "127.0.0.1:11434:11434".',
      );
    });

    it('MLC410 stays silent where the server listens on loopback: its own default, or a setting', () => {
      const quiet = [
        '    image: ollama/ollama:0.5.7\n    network_mode: host\n    environment:\n      OLLAMA_HOST: 127.0.0.1\n',
        '    image: acme/llm:1.0\n    network_mode: host\n    command: ollama serve\n',
        '    image: yanwk/comfyui-boot:cu124-slim\n    network_mode: host\n',
        '    image: yanwk/comfyui-boot:cu124-slim\n    network_mode: host\n    command: python main.py --listen 127.0.0.1\n',
        '    image: acme/finetune:1.0\n    network_mode: host\n    command: llamafactory-cli webui\n',
        '    image: ollama/ollama:0.5.7\n    network_mode: bridge\n',
      ];
      for (const body of quiet) {
        assert.deepEqual(lines(service('s', body), 'MLC410'), [], body);
      }
      const loud = [
        '    image: acme/llm:1.0\n    network_mode: host\n    command: ollama serve\n    environment:\n      OLLAMA_HOST: 0.0.0.0:11434\n',
        '    image: yanwk/comfyui-boot:cu124-slim\n    network_mode: host\n    command: "python main.py --listen 0.0.0.0,::"\n',
        '    image: acme/finetune:1.0\n    network_mode: host\n    command: llamafactory-cli webui\n    environment:\n      GRADIO_SERVER_NAME: 0.0.0.0\n',
        '    image: ghcr.io/invoke-ai/invokeai:5.6.0\n    network_mode: host\n',
      ];
      for (const body of loud) {
        assert.equal(lines(service('s', body), 'MLC410').length, 1, body);
      }
    });

    it('MLC102 reports any host-network command that binds 0.0.0.0, with its port, and gives way to MLC410', () => {
      // sgl-project/sglang docker/compose.yaml.
      const sglang = service('sglang', '    image: lmsysorg/sglang:latest\n    network_mode: host\n    entrypoint: python3 -m sglang.launch_server\n    command:\n      --model-path meta-llama/Meta-Llama-3.1-8B-Instruct\n      --host 0.0.0.0\n      --port 30000\n');
      const [f] = findings(sglang, 'MLC102');
      assert.equal(
        f?.message,
        'Service "sglang" uses network_mode: host and its command binds 0.0.0.0, so it listens on port 30000 of every host interface; bind it to 127.0.0.1, or drop host networking and publish "127.0.0.1:30000:30000", unless other machines must reach it.',
      );
      assert.deepEqual(lines(sglang.replace('--host 0.0.0.0', '--host 127.0.0.1'), 'MLC102'), []);
      assert.deepEqual(lines(sglang.replace('network_mode: host', 'network_mode: bridge'), 'MLC102'), []);
      const comfy = service('comfyui', '    image: yanwk/comfyui-boot:cu124-slim\n    network_mode: host\n    command: python main.py --listen 0.0.0.0\n');
      assert.deepEqual(lines(comfy, 'MLC102'), []);
      assert.deepEqual(lines(comfy, 'MLC410'), [4]);
    });
  });
});
