import * as assert from 'node:assert/strict';
import { lintTree } from './lint-tree';

/** The messages of one rule's findings on a tree of files. */
const messages = (ruleId: string, tree: Record<string, string>): string[] => lintTree(tree).filter((f) => f.ruleId === ruleId).map((f) => f.message);

describe('s30 sweep: MLX004 points a missing env_file at the sample beside it', () => {
  const compose = 'services:\n  api:\n    image: invokeai/invokeai:v5.0.0\n    env_file:\n      - .env\n';

  it('names the sample to copy, and required: false (InvokeAI .env.sample, Flowise .env.example)', () => {
    for (const sample of ['.env.sample', '.env.example', 'example.env']) {
      const [message] = messages('MLX004', { 'docker/compose.yaml': compose, [`docker/${sample}`]: 'INVOKEAI_ROOT=/invokeai\n' });
      assert.match(message ?? '', new RegExp(`create it from the project's sample beside it \\(cp ${sample.replace(/\./g, '\\.')} \\.env in the Compose file's folder\\), or, if the service runs without it, make the entry \\{path: \\.env, required: false\\} \\(Compose 2\\.24 or later\\)\\.$`));
    }
  });

  it('without a sample the advice stays: fix the path or create it', () => {
    assert.match(messages('MLX004', { 'docker/compose.yaml': compose })[0] ?? '', /; fix the path or create it\.$/);
  });
});

describe('s30 sweep: MLX301 in a builder stage does not say the image bloats', () => {
  const builder = (final: string) => `FROM golang:1.22 AS builder\nWORKDIR /build\nCOPY . .\nRUN go build -o local-ai .\n\nFROM debian:12-slim\n${final}\n`;
  const tree = (final: string) => ({ Dockerfile: builder(final), '.env': 'LOCALAI_API_KEY=\n', 'main.go': 'package main\n' });

  it('the final stage copies only the binary (mudler/LocalAI): the build cache keeps the layer', () => {
    const [message] = messages('MLX301', tree('COPY --from=builder /build/local-ai /usr/bin/local-ai'));
    assert.match(message ?? '', /stage "builder" does not reach the final image, but .* its layers, credentials included, stay in the build cache/);
    assert.doesNotMatch(message ?? '', /bloat the image/);
  });

  it('the final stage copies the folder that holds the artifact, or a path it cannot read: the image', () => {
    for (const final of ['COPY --from=builder /build /app', 'COPY --from=builder /build/* /app/', 'COPY --from=builder / /', 'RUN --mount=type=bind,from=builder,source=/build,target=/src cp -r /src /app']) {
      assert.match(messages('MLX301', tree(final))[0] ?? '', /credentials bloat the image or leak/, final);
    }
  });
});
