import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { shellSyntaxProblem } from '../../../src/core/lint/dockerfile/shell-syntax';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const mld030 = dockerfileRules.filter((r) => r.meta.id === 'MLD030');

function lint(lines: readonly string[]): Finding[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: mld030 }).findings;
}

/** `line:column-line:column` of each finding. */
function at(lines: readonly string[]): string[] {
  return lint(lines).map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`);
}

// Every script reported below fails `bash -n`, `dash -n` and `busybox sh -n` (bash 5.2, dash 0.5.12, BusyBox 1.35).
describe('s27: MLD030 checks heredoc bodies and -c scripts', () => {
  describe('a RUN that is one heredoc runs its body with the shell (BuildKit: SHELL + [body])', () => {
    it('reports at the line inside the body, and fixes a fi joined by a trailing backslash', () => {
      const file = ['FROM ubuntu:22.04', 'RUN <<EOF', 'set -eux', 'if [ -f /etc/debian_version ]; then', '  apt-get install -y curl \\', 'fi', 'EOF'];
      const [f, ...rest] = lint(file);
      assert.equal(rest.length, 0);
      assert.deepEqual([f?.range.start, f?.range.end], [
        { line: 4, column: 1 },
        { line: 4, column: 3 },
      ]);
      assert.match(f?.message ?? '', /^`if` on line 4 is never closed by `fi`: the shell exits with a syntax error, so the RUN fails\. Likely cause: the `\\` at the end of line 5 joins `fi` \(line 6\)/);
      const fixed = applyTextEdits(`${file.join('\n')}\n`, f?.fix?.edits ?? []);
      assert.ok(fixed.includes('apt-get install -y curl; \\\nfi'));
      assert.deepEqual(lint(fixed.trimEnd().split('\n')), []);
    });

    it('maps columns past the tabs <<- strips, and past RUN flags', () => {
      assert.deepEqual(at(['FROM ubuntu:22.04', 'RUN --mount=type=cache,target=/root/.cache <<-EOF', '\t\techo "ready', 'EOF']), ['3:8-3:9']);
    });

    it('reads a backslash-newline the way the shell does: it joins lines, also before then and fi', () => {
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', 'if true; \\', 'then echo a; \\', 'fi', 'for x in a b; do \\', '  echo "$x"; done', 'EOF']), []);
      assert.equal(shellSyntaxProblem('if true; then \\\n  echo a; \\\nfi'), undefined);
    });

    it('checks a shell shebang and skips any other program, as BuildKit runs such a body as a file', () => {
      const body = ['if true; then', 'else', 'fi', 'EOF'];
      assert.deepEqual(at(['FROM ubuntu:22.04', 'RUN <<EOF', '#!/bin/bash -e', ...body]), ['5:1-5:5']);
      assert.deepEqual(at(['FROM ubuntu:22.04', 'RUN <<EOF', '#!/usr/bin/env sh', ...body]), ['5:1-5:5']);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', '#!/usr/bin/env python3', "x = 'don\\'t'", 'EOF']), []);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', '#!/usr/bin/env -S bash -e', ...body]), []);
    });

    it('leaves alone a body that may exit before the error, one with a heredoc of its own, and Windows images', () => {
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', 'echo ready', 'exit 0', 'if true; then', 'EOF']), []);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', "cat <<'X' > /etc/motd", "it's", 'X', 'EOF']), []);
      assert.deepEqual(lint(['FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN <<EOF', "echo don't", 'EOF']), []);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'SHELL ["pwsh", "-c"]', 'RUN <<EOF', "Write-Host 'it''s'", 'EOF']), []);
    });

    it('reports an unclosed construct once per RUN, and an ONBUILD heredoc too', () => {
      assert.deepEqual(at(['FROM ubuntu:22.04', 'ONBUILD RUN <<EOF', 'while true; do', '  sleep 1', 'EOF']), ['3:1-3:6']);
    });
  });

  describe('any other RUN with heredocs goes to the shell whole: a body is a script when sh, bash or dash reads it on stdin', () => {
    it('checks bodies fed to a shell, with options, through env, or after -s', () => {
      const body = ['for m in a b; do', '  echo "$m"', 'EOF'];
      for (const command of ["<<'EOF' bash", "bash -ex <<'EOF'", 'bash -euo pipefail <<"EOF"', "/usr/bin/env bash <<'EOF'", "sh -s -- --verbose <<'EOF'", "bash --login <<'EOF'"]) {
        assert.deepEqual(at(['FROM ubuntu:22.04', `RUN ${command}`, ...body]), ['3:1-3:4'], command);
      }
    });

    it('checks each body of an && chain, and an unquoted marker only when the outer shell expands nothing in the body', () => {
      const file = ['FROM ubuntu:22.04', 'RUN bash <<A && sh <<B', 'echo "one', 'A', 'if true; then', 'B'];
      assert.deepEqual(at(file), ['3:6-3:7', '5:1-5:3']);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN bash <<EOF', 'if [ -n "$CUDA" ]; then', 'EOF']), []);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN bash <<EOF', 'echo `date`; if true; then', 'EOF']), []);
    });

    it('skips bodies that are not scripts, or whose exit status may not end the RUN', () => {
      const body = ["echo 'one", 'EOF'];
      for (const command of ['python3 <<EOF', 'cat <<EOF > /etc/motd', 'bash /opt/setup.sh <<EOF', "bash -c 'cat' <<EOF", 'zsh <<EOF', '<<EOF <<EOF2', 'bash <<EOF || true', 'bash <<EOF; echo done', 'exit 0 && bash <<EOF', 'sudo bash <<EOF', 'bash 3<<EOF']) {
        assert.deepEqual(lint(['FROM ubuntu:22.04', `RUN ${command}`, ...body, ...(command.includes('EOF2') ? ['EOF2'] : [])]), [], command);
      }
    });
  });

  describe('-c scripts of sh, bash and dash in a quoted literal', () => {
    it('reports inside a single-quoted script at its line, with the message naming the shell', () => {
      const [f, ...rest] = lint(['FROM ubuntu:22.04', "RUN /bin/bash -lc 'if true; then \\", '      echo a; \\', "    done' && echo next"]);
      assert.equal(rest.length, 0);
      assert.deepEqual(f?.range.start, { line: 4, column: 5 });
      assert.match(f?.message ?? '', /^`done` on line 4 comes where the `if` opened on line 2 needs `fi`: `bash -c` exits with a syntax error, so that command fails\.$/);
    });

    it('maps a double-quoted script with escaped quotes to its columns, and an exec-form one with JSON escapes', () => {
      assert.deepEqual(at(['FROM ubuntu:22.04', 'RUN sh -c "echo \\"a\\" && echo \\"it\'s"']), ['2:32-2:33']);
      assert.deepEqual(at(['FROM ubuntu:22.04', 'RUN ["bash", "-c", "echo \\"a\\" && echo \'it"]']), ['2:40-2:41']);
      const [exec] = lint(['FROM ubuntu:22.04', 'RUN ["bash", "-c", "apt-get update &&"]']);
      assert.match(exec?.message ?? '', /^The `bash -c` script ends right after `&&` on line 2, with no command after it: `bash -c` exits with a syntax error, so the RUN fails/);
    });

    it('reads options and prefixes the way the shell does', () => {
      for (const command of ["bash -ec 'if true; then'", "bash -o pipefail -c 'if true; then'", "bash --login -c 'if true; then'", "X=1 dash -c 'if true; then'", "/usr/bin/env sh -c 'if true; then'", "echo a && bash -c 'if true; then' arg0"]) {
        assert.equal(lint(['FROM ubuntu:22.04', `RUN ${command}`]).length, 1, command);
      }
      for (const command of ["bash /opt/run.sh -c 'if true; then'", "zsh -c 'if true; then'", "su app -c 'if true; then'", 'bash -c "$SCRIPT; if true; then"', "bash -c 'if true; then'\"$REST\"", "python3 -c 'if true: pass'"]) {
        assert.deepEqual(lint(['FROM ubuntu:22.04', `RUN ${command}`]), [], command);
      }
    });

    it('reports the outer problem alone when the RUN itself does not parse', () => {
      const [f, ...rest] = lint(['FROM ubuntu:22.04', "RUN bash -c 'if true; then' && if true; then echo"]);
      assert.equal(rest.length, 0);
      assert.deepEqual(f?.range.start, { line: 2, column: 32 });
    });
  });

  describe('backtick bodies stay unread, as bash reads them only when they run', () => {
    it('leaves a broken backtick body alone (bash -n accepts it and the command still succeeds), but not an unclosed backtick', () => {
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN echo "built with `if true`" && echo `echo "a`']), []);
      assert.deepEqual(at(['FROM ubuntu:22.04', 'RUN echo $(echo `date)']), ['2:17-2:18']);
    });
  });

  describe('cost', () => {
    it('leaves deep nesting in a heredoc body or a -c script unjudged without overflowing the stack', () => {
      for (const nested of ['$(('.repeat(200000), '$('.repeat(100000), '{ '.repeat(100000), 'if a; then '.repeat(50000)]) {
        assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', nested, 'EOF']), []);
        assert.deepEqual(lint(['FROM ubuntu:22.04', `RUN bash -c '${nested}'`]), []);
      }
    });

    it('reads a 25,000-line heredoc body to its end (a quadratic reader would pass the test timeout)', () => {
      const body = Array.from({ length: 25000 }, (_, k) => `if [ -f /opt/f${k} ]; then echo "found ${k}"; fi`);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN <<EOF', ...body, 'EOF']), []);
      assert.equal(lint(['FROM ubuntu:22.04', 'RUN <<EOF', ...body, 'while true; do', 'EOF']).length, 1);
    });
  });
});
