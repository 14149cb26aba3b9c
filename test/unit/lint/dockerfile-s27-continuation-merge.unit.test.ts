import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const mld031 = dockerfileRules.filter((r) => r.meta.id === 'MLD031');

function lint(lines: readonly string[]): Finding[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: mld031 }).findings;
}

/** `line:column` of each finding. */
function at(lines: readonly string[]): string[] {
  return lint(lines).map((f) => `${f.range.start.line}:${f.range.start.column}`);
}

function fixed(lines: readonly string[]): string {
  const text = `${lines.join('\n')}\n`;
  return applyTextEdits(
    text,
    lint(lines).flatMap((f) => f.fix?.edits ?? []),
  );
}

describe('s27: MLD031 run-continuation-merges-commands', () => {
  describe('a backslash with no operator makes the next line\'s command into operands', () => {
    const composer = [
      'FROM ubuntu:20.04',
      'RUN if [ -n "$CUDA_VERSION" ] ; then \\',
      '        apt-get clean && \\',
      '        rm -rf /var/lib/apt/lists/* \\',
      '        apt-key del 7fa2af80 && \\',
      '        mkdir -p /tmp/cuda-keyring ; \\',
      '    fi',
    ];

    it('reports the joined command at its first word, saying what the previous command does with it', () => {
      const [f, ...rest] = lint(composer);
      assert.equal(rest.length, 0);
      assert.deepEqual([f?.range.start, f?.range.end], [
        { line: 5, column: 9 },
        { line: 5, column: 16 },
      ]);
      assert.equal(f?.message, '`apt-key del 7fa2af80` on line 5 continues `rm -rf …` without an operator, so rm gets them as file names and apt-key never runs; add && before it.');
    });

    it('fixes it with && before the joined command, and the fixed file is clean', () => {
      const text = fixed(composer);
      assert.ok(text.includes('rm -rf /var/lib/apt/lists/* \\\n        && apt-key del 7fa2af80 && \\'));
      assert.deepEqual(lint(text.trimEnd().split('\n')), []);
    });

    it('inserts ; where the previous command follows a ;', () => {
      const file = ['FROM python:3.11-slim', 'RUN set -e; chmod +x /entrypoint.sh \\', '    python3 -m pip install -r requirements.txt'];
      assert.match(lint(file)[0]?.message ?? '', /so chmod gets them as file names and python3 never runs; add ; before it\.$/);
      assert.ok(fixed(file).includes('\n    ; python3 -m pip install'));
    });

    it('says echo prints them, and mkdir makes directories of them', () => {
      const echo = lint(['FROM debian:bookworm', 'RUN echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/b.list \\', '    apt-get update']);
      assert.match(echo[0]?.message ?? '', /^`apt-get update` on line 3 continues `echo …` without an operator, so echo prints them and apt-get never runs/);
      const mkdir = lint(['FROM debian:bookworm', 'RUN mkdir -p /opt/app \\', '    cd /opt/app && touch ready']);
      assert.match(mkdir[0]?.message ?? '', /^`cd \/opt\/app` on line 3 continues `mkdir -p …` .* so mkdir makes directories of them and cd never runs/);
    });

    it('sees through comment lines, which the builder drops from a continued RUN', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN rm -f /tmp/a.deb \\', '    # refresh the loader cache', '    ldconfig']), ['4:5']);
    });

    it('recognises each family of commands by its usual subcommand or flag', () => {
      const joined = [
        'apt-get install -y curl',
        'apt-key adv --recv-keys 0x1',
        'dpkg -i /tmp/a.deb',
        'pip3 uninstall -y torch',
        'uv pip install torch',
        'python -m pip install torch',
        'micromamba install -y python',
        'wget https://example.com/a.tgz',
        'git clone https://github.com/a/b',
        'useradd -m app',
        'npm ci',
        'apk add curl',
        'dnf install -y gcc',
        'update-alternatives --install /usr/bin/python python /usr/bin/python3 1',
        'source /opt/conda/bin/activate',
        'export PATH=/opt/bin:$PATH',
      ];
      for (const command of joined) {
        assert.deepEqual(at(['FROM debian:bookworm', 'RUN touch /tmp/marker \\', `    ${command}`]), ['3:5'], command);
      }
    });

    it('reports a RUN under ONBUILD', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'ONBUILD RUN rm -rf /tmp/cache \\', '    apt-get clean']), ['3:5']);
    });
  });

  describe('near misses', () => {
    it('an operator at the start of the next line, or at the end of this one', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN rm -rf /var/lib/apt/lists/* \\', '    && apt-key del 7fa2af80', 'RUN rm -rf /tmp/x; \\', '    apt-get clean']), []);
    });

    it('package lists and operands that share a name with a command', () => {
      assert.deepEqual(
        at([
          'FROM debian:bookworm',
          'RUN apt-get install -y \\',
          '        curl \\',
          '        git',
          'RUN pip install \\',
          '        pip \\',
          '        uv',
          'RUN ln -sf /usr/bin/python3 \\',
          '        python',
          'RUN mkdir -p /srv \\',
          '        export \\',
          '        import \\',
          '    && cp -r \\',
          '        source \\',
          '        /srv/',
          'RUN rm -rf /tmp/a \\',
          '        git',
        ]),
        [],
      );
    });

    it('a command that follows no operand: echo over a line it means to print', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN echo \\', '    export PATH=/opt/conda/bin:$PATH >> ~/.bashrc', 'RUN echo -e \\', '    source /opt/conda/bin/activate >> ~/.bashrc']), []);
    });

    it('a command name that is not followed by one of its subcommands', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN rm -rf /tmp/a \\', '    apt-get \\', '    /tmp/b', 'RUN rm -rf /tmp/c \\', '    python3 setup.py']), []);
    });

    it('commands that run their operands, and printf', () => {
      for (const command of ['sudo rm -rf /tmp/a', 'xargs rm -f', 'env -i rm -rf /tmp/a', 'nohup rm -rf /tmp/a', 'timeout 10 rm -rf /tmp/a', 'printf "%s\\n" a']) {
        assert.deepEqual(at(['FROM debian:bookworm', `RUN ${command} \\`, '    apt-get clean']), [], command);
      }
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN find /tmp -name "*.log" -exec rm -f {} + \\', '    -o -name "*.whl" -print']), []);
    });

    it('text inside quotes (a quoted sh -c script and a heredoc body are read: dockerfile-s28-continuation-scripts)', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN echo "To update, run: \\', '    apt-get update" > /etc/motd']), []);
    });

    it('a file whose escape character is a backtick (written for Windows)', () => {
      assert.deepEqual(at(['# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN echo hello `', '    cd C:\\app']), []);
    });
  });
});
