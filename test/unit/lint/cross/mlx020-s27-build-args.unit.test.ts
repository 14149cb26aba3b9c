import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { crossRules } from '../../../../src/core/lint/rules/cross';
import { fsWorkspaceView } from '../../../../src/infra/lint/workspace-view';
import { crossFixturesRoot, expectedFindings, loadWorkspace } from './support';

/** The MLX020 findings in a folder, as `path:MLX020@line:col-line:col`, with their messages. */
function lintDir(dir: string): { at: string[]; messages: string[] } {
  const { files, config } = loadWorkspace(dir);
  const result = lintWorkspace(files, { config, fs: fsWorkspaceView(dir) });
  assert.deepEqual(result.problems, []);
  const found = result.findings.filter((f) => f.ruleId === 'MLX020');
  const at = found.map((f) => `${f.path}:${f.ruleId}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
  return { at: at.sort(), messages: found.map((f) => f.message) };
}

/** The MLX020 findings on a tree of files, as `path:line:column`, with their messages. */
function lintTree(tree: Record<string, string>): { at: string[]; messages: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx020-s27-'));
  try {
    for (const [rel, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const seen = lintDir(dir);
    return { at: seen.at.map((a) => a.replace(/^(.*):MLX020@(\d+):(\d+)-.*$/, '$1:$2:$3')), messages: seen.messages };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A service `app` built from `context` with the given `args:` block (already indented). */
const composeWith = (args: string, context = '.') => `services:
  app:
    build:
      context: ${context}
      args:
${args}`;

const cudaDockerfile = `FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
ARG TORCH_CUDA_ARCH_LIST
RUN echo "$TORCH_CUDA_ARCH_LIST"
`;

describe('MLX020 compose-build-arg-unused', () => {
  it('is registered once', () => {
    assert.equal(crossRules.filter((r) => r.meta.id === 'MLX020').length, 1);
  });

  it('flags the golden fail workspace at the exact keys and stays silent on the pass one', () => {
    const fail = path.join(crossFixturesRoot, 'MLX020', 'fail');
    assert.deepEqual(lintDir(fail).at, expectedFindings(fail));
    assert.deepEqual(lintDir(path.join(crossFixturesRoot, 'MLX020', 'pass')).at, []);
  });

  it("names the Dockerfile and suggests the ARG text-generation-webui's Compose file meant (a dropped BUILD_ prefix)", () => {
    const { messages } = lintDir(path.join(crossFixturesRoot, 'MLX020', 'fail'));
    assert.match(messages[0] ?? '', /^build arg "BUILD_EXTENSIONS" is declared by no ARG in Dockerfile, so the build ignores it without a warning; did you mean "EXTENSIONS"\?/);
    assert.match(messages[1] ?? '', /"cuda_version" is declared by no ARG in worker\/Dockerfile.*did you mean "CUDA_VERSION"\?/);
  });

  it('suggests an ARG one or two edits away, and none when nothing is close', () => {
    const { messages } = lintTree({
      'compose.yaml': composeWith('        TORCH_CUDA_ARCH_LST: "8.0"\n        MAX_JOBS: "4"\n'),
      Dockerfile: cudaDockerfile,
    });
    assert.equal(messages.length, 2);
    assert.match(messages[0] ?? '', /did you mean "TORCH_CUDA_ARCH_LIST"\?/);
    assert.match(messages[1] ?? '', /declare it with `ARG MAX_JOBS` in the stage that reads it, or remove it\.$/);
  });

  it('reads the list form, quoted or not, with and without a value, and points at the name', () => {
    const { at } = lintTree({
      'compose.yaml': composeWith('        - MAX_JOBS=4\n        - "NVCC_THREADS"\n        - TORCH_CUDA_ARCH_LIST=8.0\n'),
      Dockerfile: cudaDockerfile,
    });
    assert.deepEqual(at, ['compose.yaml:6:11', 'compose.yaml:7:12']);
  });

  it("exempts the builder's own arguments: proxies in either case, BUILDKIT_*, SOURCE_DATE_EPOCH, platform arguments", () => {
    const args = ['HTTP_PROXY', 'https_proxy', 'Ftp_Proxy', 'NO_PROXY', 'all_proxy', 'BUILDKIT_INLINE_CACHE', 'BUILDKIT_CONTEXT_KEEP_GIT_DIR', 'BUILDKIT_MULTI_PLATFORM', 'SOURCE_DATE_EPOCH', 'TARGETPLATFORM', 'TARGETARCH', 'BUILDPLATFORM'];
    const { at } = lintTree({ 'compose.yaml': composeWith(args.map((a) => `        ${a}: "1"\n`).join('')), Dockerfile: cudaDockerfile });
    assert.deepEqual(at, []);
  });

  it('counts an ARG of any stage (built or not), one before the first FROM, and an ONBUILD ARG', () => {
    const dockerfile = `ARG BASE=python:3.12-slim
FROM \${BASE} AS deps
ONBUILD ARG APP_VERSION
FROM deps AS test
ARG PYTEST_ARGS
FROM deps AS runtime
`;
    const compose = `services:
  app:
    build:
      context: .
      target: runtime
      args: {BASE: "python:3.11-slim", APP_VERSION: "1", PYTEST_ARGS: "-x"}
`;
    assert.deepEqual(lintTree({ 'compose.yaml': compose, Dockerfile: dockerfile }).at, []);
  });

  it('follows <<: merges into build and args, and reports a shared anchor once', () => {
    const compose = `x-build: &gpu-build
  context: .
  args:
    MAX_JOBS: "4"
services:
  a:
    build: *gpu-build
  b:
    build:
      <<: *gpu-build
`;
    assert.deepEqual(lintTree({ 'compose.yaml': compose, Dockerfile: cudaDockerfile }).at, ['compose.yaml:4:5']);
  });

  it("checks args a base passes through extends against every Dockerfile they reach: the base's own and each extending service's", () => {
    const compose = `services:
  base:
    build:
      args: {TORCH_CUDA_ARCH_LIST: "8.0"}
  app:
    extends: base
    build:
      context: ./app
`;
    const flagged = lintTree({ 'compose.yaml': compose, Dockerfile: cudaDockerfile, 'app/Dockerfile': 'FROM python:3.12-slim\n' });
    assert.deepEqual(flagged.at, []);
    const unused = lintTree({ 'compose.yaml': compose, Dockerfile: 'FROM python:3.12-slim\n', 'app/Dockerfile': 'FROM python:3.12-slim\n' });
    assert.deepEqual(unused.at, ['compose.yaml:4:14']);
    assert.match(unused.messages[0] ?? '', /no ARG in Dockerfile or app\/Dockerfile/);
  });

  it('follows extends into another Compose file', () => {
    const common = `services:
  gpu-base:
    build:
      context: ./gpu
      args: {MAX_JOBS: "4"}
`;
    const compose = `services:
  app:
    extends: {file: common.yaml, service: gpu-base}
`;
    const { at } = lintTree({ 'compose.yaml': compose, 'common.yaml': common, 'gpu/Dockerfile': cudaDockerfile });
    assert.deepEqual(at, ['common.yaml:5:14']);
  });

  it('reads an override beside the Compose file as one build with it, and a same-named service elsewhere as another project', () => {
    const base = composeWith('        MAX_JOBS: "4"\n');
    const override = `services:
  app:
    build:
      dockerfile: Dockerfile.gpu
`;
    const gpuDockerfile = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nARG MAX_JOBS\n';
    assert.deepEqual(lintTree({ 'compose.yaml': base, 'compose.override.yaml': override, Dockerfile: cudaDockerfile, 'Dockerfile.gpu': gpuDockerfile }).at, []);
    const elsewhere = lintTree({ 'compose.yaml': base, 'other/compose.yaml': override, Dockerfile: cudaDockerfile, 'other/Dockerfile.gpu': gpuDockerfile });
    assert.deepEqual(elsewhere.at, ['compose.yaml:6:9']);
  });

  it('stays silent on an override fragment that writes no context or Dockerfile of its own', () => {
    const fragment = `services:
  app:
    build:
      args: {MAX_JOBS: "4"}
`;
    const base = `services:
  app:
    build: {context: ./gpu}
`;
    assert.deepEqual(lintTree({ 'compose.yaml': base, 'deploy/compose.gpu.yaml': fragment, 'gpu/Dockerfile': 'FROM python:3.12\nARG MAX_JOBS\n', 'deploy/Dockerfile': cudaDockerfile }).at, []);
  });

  it('stays silent when another frontend may read the arguments: a # syntax= image, BUILDKIT_SYNTAX, an onbuild base', () => {
    const compose = composeWith('        MAX_JOBS: "4"\n');
    const withSyntax = (syntax: string) => lintTree({ 'compose.yaml': compose, Dockerfile: `# syntax=${syntax}\n${cudaDockerfile}` }).at;
    assert.deepEqual(withSyntax('devthefuture/dockerfile-x'), []);
    assert.deepEqual(withSyntax('docker.io/docker/dockerfile:1.7-labs'), ['compose.yaml:6:9']);
    assert.deepEqual(withSyntax('docker/dockerfile-upstream:master'), ['compose.yaml:6:9']);
    assert.deepEqual(withSyntax('mirror.example.com/dockerhub/docker/dockerfile:1.4'), ['compose.yaml:6:9']);
    assert.deepEqual(withSyntax('example/dockerfile-frontend:1'), []);
    const chosen = composeWith('        MAX_JOBS: "4"\n        BUILDKIT_SYNTAX: example/frontend:1\n');
    assert.deepEqual(lintTree({ 'compose.yaml': chosen, Dockerfile: cudaDockerfile }).at, []);
    assert.deepEqual(lintTree({ 'compose.yaml': compose, Dockerfile: 'FROM node:12-onbuild\n' }).at, []);
  });

  it('stays silent when the Dockerfile is not known: missing, remote, inline, interpolated, or without a stage', () => {
    const args = '        MAX_JOBS: "4"\n';
    assert.deepEqual(lintTree({ 'compose.yaml': composeWith(args) }).at, []);
    assert.deepEqual(lintTree({ 'compose.yaml': composeWith(args, 'https://github.com/example/server.git#main'), Dockerfile: cudaDockerfile }).at, []);
    assert.deepEqual(lintTree({ 'compose.yaml': composeWith(args, '${APP_DIR:-.}'), Dockerfile: cudaDockerfile }).at, []);
    assert.deepEqual(lintTree({ 'compose.yaml': composeWith(args), Dockerfile: '# only a comment\n' }).at, []);
    const inline = `services:
  app:
    build:
      context: .
      dockerfile_inline: |
        FROM python:3.12-slim
      args: {MAX_JOBS: "4"}
`;
    assert.deepEqual(lintTree({ 'compose.yaml': inline, Dockerfile: cudaDockerfile }).at, []);
  });
});
