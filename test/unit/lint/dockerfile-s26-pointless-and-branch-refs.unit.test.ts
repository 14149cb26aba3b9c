import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

function lint(id: string, lines: readonly string[]): Finding[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

/** The lines a rule reports, for the RUNs after a `FROM` on line 1. */
const linesOf = (id: string, runs: readonly string[]): number[] => lint(id, ['FROM ubuntu:22.04', ...runs]).map((f) => f.range.start.line);

describe('s26: small Dockerfile rule gaps (MLD503 shell-only RUNs and su, MLD203 branch refs, MLD104 shell-less fixes)', () => {
  describe('MLD503 reports a RUN that only changes its own shell', () => {
    it('export, set, alias, source of an environment, conda activate, alone or together (pytorch/serve: RUN export USE_CUDA=1)', () => {
      const runs = [
        'RUN export USE_CUDA=1',
        'RUN set -o pipefail',
        'RUN alias python=python3',
        'RUN . /opt/venv/bin/activate',
        'RUN source $HOME/.cargo/env',
        'RUN conda activate py311',
        'RUN set -e; export A=1 B=2 || true',
      ];
      assert.deepEqual(linesOf('MLD503', runs), [2, 3, 4, 5, 6, 7, 8]);
    });

    it('tells what to use instead: ENV for a variable, SHELL for options', () => {
      const [exported] = lint('MLD503', ['FROM ubuntu:22.04', 'RUN export USE_CUDA=1']);
      assert.match(exported?.message ?? '', /^This RUN only changes its own shell \(export USE_CUDA=1\), .*set variables with ENV/);
      const [options] = lint('MLD503', ['FROM ubuntu:22.04', 'RUN set -o pipefail']);
      assert.match(options?.message ?? '', /SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\]/);
    });

    it('reads the commands of a heredoc script and of a script handed to bash -c', () => {
      assert.deepEqual(linesOf('MLD503', ['RUN <<EOT', 'set -e', 'export A=1', 'EOT']), [3]);
      assert.deepEqual(linesOf('MLD503', ['RUN bash -c "export X=1"']), [2]);
    });

    it('near misses: a later command of the same RUN uses the setting, or the command prints or may do anything', () => {
      const runs = [
        'RUN export USE_CUDA=1 && make',
        'RUN set -eux; apt-get update',
        'RUN set -o pipefail && curl -fsSL https://get.example/install.sh | bash',
        'RUN . /opt/venv/bin/activate && pip install --no-cache-dir torch==2.3.1',
        'RUN . ./install.sh',
        'RUN if [ -f /x ]; then export A=1; fi',
        'RUN export -p',
        'RUN set',
        'RUN <<EOT bash',
        'set -e',
        'export A=1',
        'make',
        'EOT',
      ];
      assert.deepEqual(linesOf('MLD503', runs), []);
    });

    it('leaves a RUN with cd to MLD502, which reports it', () => {
      assert.deepEqual(linesOf('MLD503', ['RUN cd /app', 'RUN cd /app && export A=1']), []);
      assert.deepEqual(linesOf('MLD502', ['RUN cd /app && export A=1']), [2]);
    });
  });

  describe('MLD503 reports su without a command (OpenRLHF: RUN sudo su -)', () => {
    it('sudo su -, su - user, and su before later commands that still run as the same user', () => {
      assert.deepEqual(linesOf('MLD503', ['RUN sudo su -', "RUN sudo su - '10ftdeep'", 'RUN useradd -m app && su - app && whoami', 'RUN ["sudo", "su", "-"]']), [2, 3, 4, 5]);
      assert.match(lint('MLD503', ['FROM ubuntu:22.04', 'RUN sudo su -'])[0]?.message ?? '', /use USER <name>/);
    });

    it('near misses: su given a command, a script or input', () => {
      const runs = [
        'RUN sudo su - -c "R -e \'install.packages(1)\'"',
        'RUN su -s /bin/bash app -c whoami',
        'RUN su -lc whoami app',
        'RUN su --command=whoami app',
        'RUN su - app /opt/setup.sh',
        'RUN echo "CREATE DATABASE app;" | su - postgres',
        'RUN su postgres < /init.sql',
        'RUN su - postgres <<EOT',
        'psql -c "select 1"',
        'EOT',
      ];
      assert.deepEqual(linesOf('MLD503', runs), []);
    });

    it('not in a script a shell reads from its input, where su reads the lines after it', () => {
      assert.deepEqual(linesOf('MLD503', ['RUN bash <<EOT', 'su - app', 'whoami', 'EOT']), []);
    });
  });

  describe('MLD203 reports VCS requirements that follow a branch (axolotl docker/Dockerfile-base: peft @ git+…@main)', () => {
    const python = (run: string): Finding[] => lint('MLD203', ['FROM python:3.11-slim', run]);

    it('main, master, dev, develop and HEAD are branches; the message asks for a tag or commit', () => {
      for (const ref of ['main', 'master', 'dev', 'develop', 'HEAD']) {
        assert.equal(python(`RUN pip install "peft @ git+https://github.com/huggingface/peft.git@${ref}"`).length, 1, ref);
      }
      assert.equal(
        python('RUN pip install "peft @ git+https://github.com/huggingface/peft.git@main"')[0]?.message,
        'peft @ git+https://github.com/huggingface/peft.git@main tracks branch main, so each rebuild can install different code; pin a commit SHA or tag (peft @ git+https://github.com/huggingface/peft.git@<commit-or-tag>) or install from a requirements/constraints file.',
      );
    });

    it('a #egg= fragment is no version, and name@git+… without spaces is read as a VCS requirement', () => {
      assert.match(python('RUN pip install git+https://github.com/org/repo.git@master#egg=repo')[0]?.message ?? '', /\(git\+https:\/\/github\.com\/org\/repo\.git@<commit-or-tag>#egg=repo\)/);
      assert.equal(python('RUN pip install git+https://github.com/org/repo.git#egg=repo').length, 1);
      assert.equal(python('RUN pip install peft@git+https://github.com/huggingface/peft.git').length, 1);
      assert.equal(python('RUN pip install git+ssh://git@github.com/org/repo.git@develop').length, 1);
    });

    it('near misses: a tag, a commit, a branch-like name that is no well-known branch, a variable', () => {
      for (const spec of [
        '"peft @ git+https://github.com/huggingface/peft.git@v0.10.0"',
        'git+https://github.com/org/repo.git@0123abc#egg=repo',
        'git+https://github.com/org/repo.git@eba6eb79dc2ab652cd8b44b37165a4852768a8ac',
        '"x @ git+https://github.com/org/x.git@release-2.1"',
        'git+https://github.com/org/repo.git@main-fix',
        'peft@git+https://github.com/huggingface/peft.git@v0.11.1',
        'git+https://github.com/org/repo.git@${REF}',
      ]) {
        assert.deepEqual(python(`RUN pip install ${spec}`), [], spec);
      }
    });
  });

  describe('MLD104 withholds the scratch and distroless fixes when the image needs root', () => {
    const distroless = ['FROM golang:1.23 AS build', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /go/bin/app /', 'CMD ["/app"]'];
    const scratch = ['FROM golang:1.23 AS build', 'FROM scratch', 'COPY --from=build /go/bin/server /server', 'ENTRYPOINT ["/server"]'];
    const withLine = (lines: readonly string[], line: string): string[] => [...lines.slice(0, 3), line, ...lines.slice(3)];

    it('distroless serving on port 80: no USER 65532:65532 fix, and the message says to move the port', () => {
      const [f] = lint('MLD104', withLine(distroless, 'EXPOSE 80'));
      assert.equal(f?.fix, undefined);
      assert.match(f?.message ?? '', /USER 65532:65532 .*; before that, serve on port 1024 or above \(EXPOSE 80: /);
    });

    it('scratch with a cache or port only root can use: no USER 10001 fix', () => {
      for (const line of ['ENV XDG_CACHE_HOME=/root/.cache', 'ENV PORT=443']) {
        const [f] = lint('MLD104', withLine(scratch, line));
        assert.equal(f?.fix, undefined, line);
        assert.match(f?.message ?? '', /add USER 10001 .*; before that, /, line);
      }
      assert.match(lint('MLD104', withLine(scratch, 'WORKDIR /root'))[0]?.message ?? '', /\(WORKDIR \/root: only root can write there\)/);
    });

    it('near misses: without such settings both keep their fix', () => {
      assert.ok(lint('MLD104', withLine(distroless, 'EXPOSE 8080'))[0]?.fix);
      assert.ok(lint('MLD104', scratch)[0]?.fix);
    });
  });
});
