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
  return applyTextEdits(
    `${lines.join('\n')}\n`,
    lint(lines).flatMap((f) => f.fix?.edits ?? []),
  );
}

function linesOf(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('s28: MLD031 reads heredoc bodies and scripts quoted for sh -c', () => {
  describe('a heredoc body a shell runs: a backslash-newline joins its lines too', () => {
    const heredoc = ['FROM debian:bookworm', 'RUN <<EOF', 'set -e', 'apt-get update', 'rm -rf /var/lib/apt/lists/* \\', '    apt-key del 7fa2af80', 'EOF'];

    it('reports the joined command at its line inside the body', () => {
      const [f, ...rest] = lint(heredoc);
      assert.equal(rest.length, 0);
      assert.deepEqual([f?.range.start, f?.range.end], [
        { line: 6, column: 5 },
        { line: 6, column: 12 },
      ]);
      assert.equal(f?.message, '`apt-key del 7fa2af80` on line 6 continues `rm -rf …` without an operator, so rm gets them as file names and apt-key never runs; add ; before it.');
    });

    it('fixes it with ; after a command on a line of its own, and the fixed file is clean', () => {
      const text = fixed(heredoc);
      assert.ok(text.includes('rm -rf /var/lib/apt/lists/* \\\n    ; apt-key del 7fa2af80\n'));
      assert.deepEqual(lint(linesOf(text)), []);
    });

    it('reads the body of bash <<EOF, bash -e <<\'EOF\' and RUN <<EOF bash', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN bash <<EOF', 'mkdir -p /opt/app \\', '  cd /opt/app', 'EOF']), ['4:3']);
      assert.deepEqual(at(['FROM debian:bookworm', "RUN bash -e <<'EOF'", 'touch /tmp/marker \\', '  ldconfig', 'EOF']), ['4:3']);
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN <<EOF bash', 'rm -f /tmp/a.deb \\', '  dpkg -i /tmp/b.deb', 'EOF']), ['4:3']);
    });

    it('adds && where the joined command follows &&', () => {
      const file = ['FROM debian:bookworm', 'RUN <<EOF', 'apt-get update && rm -rf /var/lib/apt/lists/* \\', '  apt-get clean', 'EOF'];
      assert.match(lint(file)[0]?.message ?? '', /add && before it\.$/);
      assert.ok(fixed(file).includes('\n  && apt-get clean\n'));
    });

    it('reads a script quoted with single quotes for bash -c inside the body, whose backslash-newline reaches bash', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN <<EOF', "bash -c 'rm -rf /tmp/build \\", "  apt-get clean'", 'EOF']), ['4:3']);
    });
  });

  describe('a script quoted for sh -c on the RUN\'s lines, which the builder has already joined', () => {
    it('reports the joined command inside the quotes, and the fix stays inside them', () => {
      const file = ['FROM debian:bookworm', 'RUN bash -c "rm -f /tmp/model.tar.gz \\', '    curl -fsSL -o /tmp/model.tar.gz https://example.com/model.tar.gz"'];
      const [f] = lint(file);
      assert.equal(f?.message, '`curl -fsSL -o /tmp/model.tar.gz …` on line 3 continues `rm -f …` without an operator, so rm gets them as file names and curl never runs; add && before it.');
      const text = fixed(file);
      assert.ok(text.includes('\n    && curl -fsSL -o /tmp/model.tar.gz https://example.com/model.tar.gz"\n'));
      assert.deepEqual(lint(linesOf(text)), []);
    });

    it('sees through a comment line, which the builder drops from the continued RUN even inside quotes', () => {
      assert.deepEqual(at(['FROM debian:bookworm', "RUN sh -c 'echo deb http://deb.debian.org/debian bookworm main > /etc/apt/sources.list \\", '    # refresh the lists', "    apt-get update'"]), ['4:5']);
    });

    it('reads the script of an exec-form RUN that runs a shell', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN ["/bin/bash", "-c", "mkdir -p /opt/app \\', '    cd /opt/app"]']), ['3:5']);
    });
  });

  describe('near misses', () => {
    it('in a heredoc body a comment line or a blank line ends the command: the builder drops neither there', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN <<EOF', 'rm -rf /tmp/build \\', '# clean the apt cache next', 'apt-get clean', 'rm -f /tmp/a.deb \\', '', 'apt-get clean', 'EOF']), []);
    });

    it('a comment that ends with a backslash still ends at the line break', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN <<EOF', 'rm -rf /tmp/build # the build tree \\', 'apt-get clean', 'EOF']), []);
    });

    it('a line break inside a quoted sh -c script in a heredoc body separates its commands', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN <<EOF', 'bash -c "rm -rf /tmp/cache', 'apt-get clean"', 'EOF']), []);
    });

    it('text a heredoc only writes: a nested heredoc, a file written by cat, a body run by python', () => {
      assert.deepEqual(
        at([
          'FROM debian:bookworm',
          'RUN bash <<EOF',
          "cat > /usr/local/bin/cleanup.sh <<'SCRIPT'",
          'rm -rf /tmp/build \\',
          '  apt-get clean',
          'SCRIPT',
          'EOF',
          'RUN cat > /etc/motd <<EOF',
          'rm -rf /tmp/build \\',
          '  apt-get clean',
          'EOF',
          'RUN python3 <<EOF',
          'rm -rf /tmp/build \\',
          '  apt-get clean',
          'EOF',
          'RUN <<EOF',
          '#!/usr/bin/env python3',
          'print("rm -rf /tmp/build \\',
          '  apt-get clean")',
          'EOF',
        ]),
        [],
      );
    });

    it('a heredoc left without its terminator: its lines are instructions no shell runs', () => {
      assert.deepEqual(at(['FROM debian:bookworm', 'RUN <<EOF', 'rm -rf /tmp/build \\', '  apt-get clean']), []);
    });

    it('an operator in a quoted script, and echo over a line it means to print', () => {
      assert.deepEqual(
        at([
          'FROM debian:bookworm',
          'RUN bash -c "apt-get update && apt-get install -y --no-install-recommends \\',
          '        curl \\',
          '    && rm -rf /var/lib/apt/lists/*"',
          "RUN sh -c 'echo \\",
          "    export PATH=/opt/conda/bin:$PATH >> ~/.bashrc'",
        ]),
        [],
      );
    });
  });
});
