import { strict as assert } from 'node:assert';
import { imageRepository, isServingImage } from '../../../../src/core/lint/kubernetes/gpu';

/** The earlier split-based definition, kept as the reference the faster one must match. */
function reference(image: string): string {
  let rest = image.split('@')[0] ?? image;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0] ?? '')) {
    parts.shift();
  }
  return parts.join('/');
}

describe('imageRepository', () => {
  const samples = [
    'nginx', 'nginx:1.27', 'nginx@sha256:abc', 'nginx:1.27@sha256:abc', 'library/nginx', 'vllm/vllm-openai:v0.6.0',
    'docker.io/vllm/vllm-openai:latest', 'registry:5000/team/app:1', 'registry:5000/team/app', 'localhost/app:dev', 'localhost:5000/app',
    'localhostx/app', 'ghcr.io/org/sub/app@sha256:1', 'a/b/c/d:e', ':tag', '@digest', '/leading', 'trailing/', 'host.tld/', 'a:b/c', 'a:b/c:d',
    'a@b@c', 'a@b:c/d', '', ' ', 'x.y', 'x.y/z', 'nvcr.io/nvidia/tritonserver:24.08-py3', 'ollama/ollama', 'my.registry/ollama/ollama:0.3',
  ];
  it('matches the split-based definition on registry hosts, ports, tags, digests and odd input', () => {
    for (const image of samples) {
      assert.equal(imageRepository(image), reference(image), image);
    }
  });

  it('recognises the known serving images behind any registry', () => {
    assert.equal(isServingImage('docker.io/vllm/vllm-openai:latest'), true);
    assert.equal(isServingImage('nvcr.io/nvidia/tritonserver:24.08-py3'), true);
    assert.equal(isServingImage('my.registry/mirror/ollama/ollama:0.3'), true);
    assert.equal(isServingImage('ollama/ollama-extra'), false);
    assert.equal(isServingImage(undefined), false);
  });
});
