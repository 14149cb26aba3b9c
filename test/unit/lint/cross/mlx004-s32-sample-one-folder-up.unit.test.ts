import * as assert from 'node:assert/strict';
import { lintTree } from './lint-tree';

const messages = (tree: Record<string, string>): string[] => lintTree(tree).filter((f) => f.ruleId === 'MLX004').map((f) => f.message);

describe('s32 sweep: MLX004 finds the env sample one folder above the Compose file', () => {
  const compose = 'services:\n  webui:\n    image: atinoda/text-generation-webui:default-nvidia\n    env_file: .env\n';

  it('names ../.env.example for docker/nvidia/docker-compose.yml (oobabooga: docker/.env.example)', () => {
    const [message] = messages({ 'docker/nvidia/docker-compose.yml': compose, 'docker/.env.example': 'HOST_PORT=7860\n' });
    assert.match(message ?? '', /create it from the project's sample one folder up \(cp \.\.\/\.env\.example \.env in the Compose file's folder\)/);
  });

  it('prefers the sample beside the file, and looks no higher than one folder up', () => {
    const beside = messages({ 'docker/nvidia/docker-compose.yml': compose, 'docker/nvidia/.env.sample': 'A=1\n', 'docker/.env.example': 'A=1\n' });
    assert.match(beside[0] ?? '', /sample beside it \(cp \.env\.sample \.env in/);
    const higher = messages({ 'a/b/c/docker-compose.yml': compose, 'a/.env.example': 'A=1\n' });
    assert.match(higher[0] ?? '', /; fix the path or create it\.$/);
  });

  it('names ../.env for an env file one folder up, with its sample beside it', () => {
    const up = 'services:\n  webui:\n    image: atinoda/text-generation-webui:default-nvidia\n    env_file: ../.env\n';
    const [message] = messages({ 'docker/nvidia/docker-compose.yml': up, 'docker/.env.example': 'A=1\n' });
    assert.match(message ?? '', /sample beside it \(cp \.\.\/\.env\.example \.\.\/\.env in the Compose file's folder\)/);
  });
});
