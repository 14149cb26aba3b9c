import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { builtDockerfileNames, builtDockerfilePath } from '../../../../src/core/lint/compose/built-dockerfiles';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { Finding } from '../../../../src/core/lint/types';
import { composeReadsNear } from '../../../../src/infra/lint/compose-extends';
import { useLintRepo } from '../support/lint-repo';

const gpu = '    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}';

/** A vLLM service built from `build` (`.` by default) with the given extra lines. */
const compose = (lines: readonly string[], build = 'build: .'): string => ['services:', '  vllm:', `    ${build}`, '    command: --model facebook/opt-125m', ...lines.map((l) => `    ${l}`), gpu, 'volumes:', '  cache: {}', ''].join('\n');

const findings = (text: string, dockerfiles?: Record<string, string>): Finding[] =>
  lintCompose(text, { config: emptyConfig(), ...(dockerfiles ? { builtDockerfiles: new Map(Object.entries(dockerfiles)) } : {}) }).findings.filter((f) => f.ruleId === 'MLC409');

/** The cache each MLC409 finding names. */
const caches = (text: string, dockerfiles?: Record<string, string>): string[] => findings(text, dockerfiles).map((f) => /keeps its model cache \((.*)\) inside/.exec(f.message)?.[1] ?? f.message);

const dockerfile = (...lines: string[]): string => ['FROM vllm/vllm-openai:v0.6.3', ...lines, ''].join('\n');

describe('s31: MLC409 reads where the Dockerfile a service builds puts its model cache', () => {
  // h2oai/h2ogpt: the Dockerfile sets HOME=/workspace, and docker-compose-vllm.yml mounts a volume at /workspace/.cache.
  const h2ogpt = compose(['volumes: ["cache:/workspace/.cache"]']);

  it('HOME from the Dockerfile: a volume at its .cache keeps the Hugging Face cache', () => {
    assert.deepEqual(caches(h2ogpt, { Dockerfile: dockerfile('ENV HOME=/workspace', 'USER h2ogpt') }), []);
    assert.deepEqual(caches(h2ogpt), ['/root/.cache/huggingface'], 'without the Dockerfile, as before');
  });

  it('says where the cache is and which ENV put it there, and the fix mounts that folder', () => {
    const text = compose([]);
    const [found] = findings(text, { Dockerfile: dockerfile('ENV HOME=/workspace') });
    assert.match(found?.message ?? '', /keeps its model cache \(\/workspace\/\.cache\/huggingface, from HOME in its Dockerfile\) inside the container/);
    assert.match(applyTextEdits(text, found?.fix?.edits ?? []), /- vllm-model-cache:\/workspace\/\.cache\/huggingface\n/);
  });

  it('reads HF_HUB_CACHE, HF_HOME and XDG_CACHE_HOME too, in huggingface_hub\'s order', () => {
    const files = { Dockerfile: dockerfile('ENV HOME=/home/app HF_HOME=/models XDG_CACHE_HOME=/xdg') };
    assert.deepEqual(caches(compose(['volumes: ["cache:/models"]']), files), []);
    assert.deepEqual(caches(compose(['volumes: ["cache:/home/app/.cache"]']), files), ['/models, from HF_HOME in its Dockerfile']);
    assert.deepEqual(caches(compose(['volumes: ["cache:/hub"]']), { Dockerfile: dockerfile('ENV HF_HOME=/models', 'ENV HF_HUB_CACHE=/hub') }), []);
    assert.deepEqual(caches(compose([]), { Dockerfile: dockerfile('ENV XDG_CACHE_HOME=/xdg HOME=/home/app') }), ['/xdg/huggingface, from XDG_CACHE_HOME in its Dockerfile']);
  });

  it('counts a volume at TRANSFORMERS_CACHE as the cache the project means', () => {
    assert.deepEqual(caches(compose(['volumes: ["cache:/models"]']), { Dockerfile: dockerfile('ENV TRANSFORMERS_CACHE=/models/') }), []);
  });

  it("the service's own environment wins over the Dockerfile's ENV", () => {
    const text = compose(['environment: [HF_HOME=/data]', 'volumes: ["cache:/models"]']);
    assert.deepEqual(caches(text, { Dockerfile: dockerfile('ENV HF_HOME=/models') }), ['/data']);
  });

  it("a non-root USER of the Dockerfile: its home's .cache keeps the cache; `user: root` in the service undoes it", () => {
    const files = { Dockerfile: dockerfile('RUN useradd -m app', 'USER app') };
    assert.deepEqual(caches(compose(['volumes: ["cache:/home/app/.cache/huggingface"]']), files), []);
    assert.deepEqual(caches(compose([]), files), ['$HOME/.cache/huggingface, under the home of the user it runs as (USER in its Dockerfile)']);
    assert.deepEqual(caches(compose(['user: root', 'volumes: ["cache:/home/app/.cache"]']), files), ['/root/.cache/huggingface']);
  });

  it('reads the stage the build targets, ENV of its in-file parents included', () => {
    const files = { 'docker/Dockerfile': ['FROM vllm/vllm-openai:v0.6.3 AS base', 'ENV HOME=/workspace', 'FROM base AS serve', 'FROM base AS dev', 'ENV HOME=/dev', ''].join('\n') };
    const build = 'build: {context: ., dockerfile: docker/Dockerfile, target: serve}';
    assert.deepEqual(caches(compose(['volumes: ["cache:/workspace/.cache"]'], build), files), []);
    assert.deepEqual(caches(compose(['volumes: ["cache:/workspace/.cache"]'], 'build: {context: ., dockerfile: docker/Dockerfile}'), files), ['/dev/.cache/huggingface, from HOME in its Dockerfile']);
  });

  it('stays silent when the Dockerfile sets the cache to a value not known here', () => {
    assert.deepEqual(caches(compose([]), { Dockerfile: dockerfile('ARG MODELS', 'ENV HF_HOME=${MODELS}') }), []);
  });

  it('HOME in the environment of an image service moves its default cache as well', () => {
    const text = ['services:', '  vllm:', '    image: vllm/vllm-openai:v0.6.3', '    command: --model facebook/opt-125m', '    environment: [HOME=/workspace]', '    volumes: ["cache:/workspace/.cache"]', gpu, 'volumes:', '  cache: {}', ''].join('\n');
    assert.deepEqual(caches(text), []);
  });
});

describe('s31: the Dockerfiles a Compose file builds, by path from its folder', () => {
  it('joins context and dockerfile, keeps a leading .., and leaves remote, interpolated and absolute ones out', () => {
    assert.equal(builtDockerfilePath(undefined, undefined), 'Dockerfile');
    assert.equal(builtDockerfilePath('./app/', 'Dockerfile.cuda'), 'app/Dockerfile.cuda');
    assert.equal(builtDockerfilePath('..', 'docker/../docker/Dockerfile'), '../docker/Dockerfile');
    assert.equal(builtDockerfilePath('https://github.com/org/repo.git', undefined), undefined);
    assert.equal(builtDockerfilePath('${CONTEXT}', undefined), undefined);
    assert.equal(builtDockerfilePath('.', '/abs/Dockerfile'), undefined);
  });

  it('lists each build once, through merge keys, without inline Dockerfiles', () => {
    const text = ['x-build: &b', '  build: {context: ./svc}', 'services:', '  a: {<<: *b}', '  b: {build: ./svc}', '  c: {build: {dockerfile_inline: "FROM scratch"}}', '  d: {image: nginx:1.27}', ''].join('\n');
    assert.deepEqual(builtDockerfileNames(text), ['svc/Dockerfile']);
  });
});

describe('s31: mlc lint and the editor hand MLC409 the Dockerfiles a Compose file builds', () => {
  const { write, lint, lintWithWorkers } = useLintRepo('compose-dockerfiles');
  const files = (): void => {
    write('deploy/compose.yaml', compose(['volumes: ["cache:/workspace/.cache"]'], 'build: {context: .., dockerfile: docker/Dockerfile}'));
    write('docker/Dockerfile', dockerfile('ENV HOME=/workspace'));
  };

  it('mlc lint reads the Dockerfile relative to the Compose file, on the calling thread and in workers', async () => {
    files();
    for (const run of [() => lint('deploy', '--format', 'json', '--min-severity', 'info'), () => lintWithWorkers(2, 'deploy', '--format', 'json', '--min-severity', 'info')]) {
      const r = await run();
      assert.deepEqual((JSON.parse(r.out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLC409'), [], r.err);
    }
    write('docker/Dockerfile', dockerfile());
    const r = await lint('deploy', '--format', 'json', '--min-severity', 'info');
    assert.equal((JSON.parse(r.out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLC409').length, 1, r.err);
  });

  it('the editor reads it too, and watches it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-compose-dockerfiles-'));
    try {
      fs.mkdirSync(path.join(dir, 'deploy'));
      fs.mkdirSync(path.join(dir, 'docker'));
      fs.writeFileSync(path.join(dir, 'docker', 'Dockerfile'), dockerfile('ENV HOME=/workspace'));
      const text = compose([], 'build: {context: .., dockerfile: docker/Dockerfile}');
      const reads = await composeReadsNear(path.join(dir, 'deploy', 'compose.yaml'), text, undefined, dir);
      assert.deepEqual([...(reads.builtDockerfiles?.keys() ?? [])], ['../docker/Dockerfile']);
      assert.ok(reads.watched.includes(path.join(dir, 'docker', 'Dockerfile')));
      const edited = await composeReadsNear(path.join(dir, 'deploy', 'compose.yaml'), text, (f) => (f === path.join(dir, 'docker', 'Dockerfile') ? dockerfile('ENV HOME=/srv') : undefined), dir);
      assert.match(edited.builtDockerfiles?.get('../docker/Dockerfile') ?? '', /HOME=\/srv/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
