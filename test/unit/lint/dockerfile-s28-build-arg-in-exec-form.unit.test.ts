import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const mld028 = dockerfileRules.filter((r) => r.meta.id === 'MLD028');

function messages(lines: readonly string[]): string[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: mld028 }).findings.map((f) => f.message);
}

const shellAdvice = (value: string, name: string): string => `"${value}" reaches the program literally: exec form runs no shell, so $${name} is not expanded; use ["sh", "-c", "…"] or the shell form.`;
const argAdvice = (value: string, name: string): string =>
  `"${value}" reaches the program literally: exec form runs no shell, so $${name} is not expanded, and ${name} is a build ARG, which a shell in the running container expands to nothing; write the value in literally, or add ENV ${name}=\${${name}} and use ["sh", "-c", "…"] or the shell form.`;

describe('MLD028 does not advise a shell for a variable that is only a build ARG', () => {
  it('rhasspy/wyoming-addons piper: ENTRYPOINT ["bash", "/${RUN_SCRIPT}"] with RUN_SCRIPT only an ARG', () => {
    assert.deepEqual(messages(['ARG BASE=debian:bookworm-slim', 'FROM $BASE', 'ARG RUN_SCRIPT', 'COPY $RUN_SCRIPT ./', 'ENTRYPOINT ["bash", "/${RUN_SCRIPT}"]']), [argAdvice('/${RUN_SCRIPT}', 'RUN_SCRIPT')]);
  });

  it('an ARG declared only before the first FROM, or in an earlier stage this one builds on, is still no ENV', () => {
    assert.deepEqual(messages(['ARG MODEL=base', 'FROM python:3.12-slim', 'CMD ["serve", "--model", "$MODEL"]']), [argAdvice('$MODEL', 'MODEL')]);
    assert.deepEqual(messages(['FROM python:3.12-slim AS base', 'ARG MODEL=base', 'FROM base', 'CMD ["serve", "--model", "$MODEL"]']), [argAdvice('$MODEL', 'MODEL')]);
  });

  it('keeps the shell advice where an ENV sets the name: in the stage (before or after), in an earlier stage, or in a known base image', () => {
    assert.deepEqual(messages(['FROM python:3.12-slim', 'ARG RUN_SCRIPT', 'ENV RUN_SCRIPT=${RUN_SCRIPT}', 'ENTRYPOINT ["bash", "/${RUN_SCRIPT}"]']), [shellAdvice('/${RUN_SCRIPT}', 'RUN_SCRIPT')]);
    assert.deepEqual(messages(['FROM python:3.12-slim', 'ARG PORT=8000', 'CMD ["serve", "--port", "$PORT"]', 'ENV PORT=$PORT']), [shellAdvice('$PORT', 'PORT')]);
    assert.deepEqual(messages(['FROM python:3.12-slim AS base', 'ENV PORT=8000', 'FROM base', 'ARG PORT', 'CMD ["serve", "--port", "$PORT"]']), [shellAdvice('$PORT', 'PORT')]);
    assert.deepEqual(messages(['FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'ARG CUDA_VERSION', 'CMD ["echo", "$CUDA_VERSION"]']), [shellAdvice('$CUDA_VERSION', 'CUDA_VERSION')]);
  });

  it('keeps it where nothing in the file declares the name (the base image or `docker run -e` may set it)', () => {
    assert.deepEqual(messages(['FROM python:3.12-slim', 'CMD ["serve", "--port", "$PORT"]']), [shellAdvice('$PORT', 'PORT')]);
  });

  it('keeps it for RUN, whose shell sees the build ARGs, and for an ONBUILD trigger, which runs in another build', () => {
    assert.deepEqual(messages(['FROM python:3.12-slim', 'ARG VERSION=1', 'RUN ["pip", "install", "app==$VERSION"]']), [shellAdvice('app==$VERSION', 'VERSION')]);
    assert.deepEqual(messages(['FROM python:3.12-slim', 'ARG PORT=8000', 'ONBUILD CMD ["serve", "--port", "$PORT"]']), [shellAdvice('$PORT', 'PORT')]);
  });

  it("an ARG passed as the shell script's argument: write the value, or keep it as an ENV and expand it in the script", () => {
    assert.deepEqual(messages(['FROM python:3.12-slim', 'ARG APP_HOME=/app', 'CMD ["sh", "-c", "exec python \\"$0\\"", "$APP_HOME/serve.py"]']), [
      '"$APP_HOME/serve.py" reaches the shell script as one of its arguments, as written: the shell expands only the script itself, so $APP_HOME is not expanded; APP_HOME is a build ARG, which does not reach the running container: write the value in literally, or add ENV APP_HOME=${APP_HOME} and write $APP_HOME inside the script.',
    ]);
  });
});
