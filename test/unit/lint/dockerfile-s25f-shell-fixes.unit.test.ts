import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

/** The Dockerfile with the fixes of the rule's findings made. */
function fixed(id: string, lines: readonly string[]): string {
  const text = `${lines.join('\n')}\n`;
  const findings = lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
  return applyTextEdits(text, findings.flatMap((f) => f.fix?.edits ?? []));
}

/** The RUN lines of a Dockerfile with `shell` starting the script (RVM's installer, as in a Homebrew dev image). */
const rvmInstall = (shell: string) => ['FROM homebrew/brew', 'USER dev.user', `RUN ${shell} "curl -sSL https://get.rvm.io | bash \\`, '                    && source $HOME/.rvm/scripts/rvm \\', '                    && rvm install 3.0.0 --default"'];

describe('s25f: quick fixes that must leave a shell the image can start', () => {
  describe('MLD026 puts -o pipefail after the long options bash reads first (`bash -o pipefail --login` exits 2)', () => {
    it('bash --login -c "…" becomes bash --login -o pipefail -c "…"', () => {
      assert.match(fixed('MLD026', rvmInstall('bash --login -c')), /^RUN bash --login -o pipefail -c "curl -sSL/m);
    });

    it('a plain sh with a long option becomes bash, the option kept before -o pipefail', () => {
      assert.match(fixed('MLD026', ['FROM ubuntu:22.04', 'RUN sh --norc -c "curl -fsSL https://example.com/install.sh | sh"']), /^RUN bash --norc -o pipefail -c "curl/m);
    });

    it('near miss: bash -l -c "…" (a single-letter option) takes -o pipefail right after the shell', () => {
      assert.match(fixed('MLD026', rvmInstall('/bin/bash -l -c')), /^RUN \/bin\/bash -o pipefail -l -c "curl -sSL/m);
    });
  });

  describe('an Alpine image named by its tag (node:20-alpine) has BusyBox: no bash, no useradd', () => {
    // Zenbase's Dockerfile: the Phase CLI installer piped to sh on node:20-alpine.
    const phase = (base: string) => [`FROM ${base}`, 'RUN apk add --no-cache curl && curl -fsSL https://pkg.phase.dev/install.sh | sh -s -- --version 1.21.1', 'WORKDIR /app'];

    it('MLD026 sets pipefail with ash, which BusyBox has', () => {
      assert.match(fixed('MLD026', phase('node:20-alpine')), /^SHELL \["\/bin\/ash", "-eo", "pipefail", "-c"\]$/m);
    });

    it('MLD026 keeps sh in a script handed to a shell on python:3.11-alpine', () => {
      assert.match(fixed('MLD026', ['FROM python:3.11-alpine', 'RUN sh -c "wget -qO- https://example.com/install.sh | sh"']), /^RUN sh -o pipefail -c "wget/m);
    });

    it('MLD104 creates the user with BusyBox adduser (atriva retail-analytics frontend)', () => {
      assert.match(fixed('MLD104', ['FROM node:20-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["npm","start"]']), /^RUN adduser -D -u 10001 app\nUSER 10001$/m);
    });

    it('near miss: node:20-slim is Debian, with bash and useradd', () => {
      assert.match(fixed('MLD026', phase('node:20-slim')), /^SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\]$/m);
      assert.match(fixed('MLD104', ['FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["npm","start"]']), /^RUN useradd -m -u 10001 app\nUSER 10001$/m);
    });
  });
});
