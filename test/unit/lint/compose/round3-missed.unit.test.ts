import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

const messages = (text: string, ruleId: string): string[] =>
  lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);

describe('Compose round 3: missed findings', () => {
  describe('MLC101 reads the password half of a user/password AUTH value', () => {
    it('reports NEO4J_AUTH=neo4j/<literal> and offers to read it from the environment', () => {
      // An Ollama + Neo4j LangChain stack's neo4j service.
      const text = 'services:\n  neo4j:\n    image: neo4j:5.20.0\n    environment:\n      - NEO4J_AUTH=neo4j/pleaseletmein\n';
      const [finding] = lintCompose(text, { config: emptyConfig() }).findings.filter((f) => f.ruleId === 'MLC101');
      assert.equal(finding?.message, 'Service "neo4j" puts a literal password in NEO4J_AUTH (user/password) into environment; read it from the environment or an .env file kept out of version control (${NEO4J_AUTH}), or use Compose secrets.');
      assert.equal(finding?.fix?.edits[0]?.newText, '"NEO4J_AUTH=${NEO4J_AUTH:?set NEO4J_AUTH in .env}"');
    });

    it('leaves an interpolated or placeholder password, `none`, and AUTH values that are no user/password pair', () => {
      for (const value of ['neo4j/${NEO4J_PASSWORD}', 'neo4j/$PASSWORD', 'neo4j/changeme', 'neo4j/<password>', 'none', 'login']) {
        assert.deepEqual(messages(`services:\n  db:\n    image: neo4j:5.20.0\n    environment:\n      NEO4J_AUTH: "${value}"\n`, 'MLC101'), [], value);
      }
      assert.deepEqual(messages('services:\n  app:\n    image: acme/app:1.0\n    environment:\n      AUTH_PROVIDER: oauth2/github\n      OAUTH_CALLBACK: /auth/callback\n', 'MLC101'), []);
    });
  });

  describe('MLC409 counts a mount at the folder the downloads go to', () => {
    const ollama = (volume: string, env = ''): string => `services:\n  ollama:\n    image: ollama/ollama:0.6.8\n${env}    volumes:\n      - ${volume}\n`;

    it('takes ~/.ollama/models for Ollama, unless OLLAMA_MODELS moves the store', () => {
      assert.deepEqual(messages(ollama('./models:/root/.ollama/models'), 'MLC409'), []);
      assert.deepEqual(messages(ollama('ollama:/root/.ollama'), 'MLC409'), []);
      assert.equal(messages(ollama('./models:/root/.ollama/models', '    environment:\n      OLLAMA_MODELS: /models\n'), 'MLC409').length, 1);
    });

    it('takes the hub/ folder under HF_HOME or the default cache, not under a hub cache that is already the store', () => {
      const vllm = (lines: string): string => `services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    command: --model Qwen/Qwen2.5-7B-Instruct\n${lines}`;
      assert.deepEqual(messages(vllm('    volumes:\n      - hub:/root/.cache/huggingface/hub\n'), 'MLC409'), []);
      assert.deepEqual(messages(vllm('    environment:\n      HF_HOME: /hf\n    volumes:\n      - hub:/hf/hub\n'), 'MLC409'), []);
      assert.deepEqual(messages(vllm('    user: "1000:1000"\n    volumes:\n      - hub:/home/app/.cache/huggingface/hub\n'), 'MLC409'), []);
      const downloadDir = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.8.5\n    command: --model Qwen/Qwen2.5-7B-Instruct --download-dir /weights\n    volumes:\n      - hub:/weights/hub\n';
      assert.equal(messages(downloadDir, 'MLC409').length, 1);
      assert.equal(messages('services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.3.1\n    volumes:\n      - ./data/hub:/data/hub\n', 'MLC409').length, 1);
    });
  });
});
