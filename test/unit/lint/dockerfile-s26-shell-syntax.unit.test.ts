import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { runsPosixScript } from '../../../src/core/lint/dockerfile/posix-shell-form';
import { shellSyntaxProblem } from '../../../src/core/lint/dockerfile/shell-syntax';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

function lint(lines: readonly string[]): Finding[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD030') }).findings;
}

/** `kind:token`, 'unsure', or 'ok' for a script that parses. */
function verdict(script: string): string {
  const r = shellSyntaxProblem(script);
  return r === undefined ? 'ok' : r === 'unsure' ? 'unsure' : `${r.problem.kind}:${r.problem.token}`;
}

const sglangRun = [
  'FROM nvidia/cuda:12.9.1-cudnn-devel-ubuntu22.04',
  'RUN set -eux; \\',
  '    if [ "${CUDA_VERSION%%.*}" != "13" ]; then \\',
  '      pip install nvidia-nvshmem-cu12==3.4.5 \\',
  '    fi && \\',
  '    echo done',
];

describe('s26: MLD030 run-shell-syntax-error', () => {
  describe('the shell grammar check (checked with bash 5.2, dash 0.5.12 and busybox sh -n: each problem fails all three; the bash forms parse in bash)', () => {
    const parses = [
      'if [ -n "$A" ]; then echo a; elif true; then :; else echo b; fi && echo done',
      'for x in a b; do echo "$x"; done; for x do :; done; while false; do :; done',
      'case "$x" in a|b) echo a;; (c) ;; *) echo "$(case y in y) echo 1;; esac)";; esac',
      'echo "${X:-"a b"}" ${Y:-\'a}\'} "${#Z}" $# $$ a#b \'$(\' "it\'s" "\\"" `date` $((1 + (2 * 3)))',
      'echo "$(echo "$(echo ")")")" "`echo "a"`" && (cd /tmp && ls) || { echo a; }',
      'find . -exec rm {} \\; && echo } done fi then && echo a # comment with fi and "',
      'x=1 echo if; echo >out fi',
      'f() { echo a; }; function g { :; }; time if true; then :; fi; ! if true; then :; fi',
      '[[ $x =~ ^(a|b)$ && ( -n $y ) ]] && arr=(a "b c") && arr+=(d) && (( i++ )) && diff <(ls a) <(ls b) |& cat',
      'printf $\'it\\\'s\' && cat <<< "hi" && for ((i = 0; i < 3; i++)); do :; done',
      '{ if true; then echo; fi }',
    ];
    for (const script of parses) {
      it(`parses: ${script}`, () => assert.equal(verdict(script), 'ok'));
    }

    const problems: [string, string][] = [
      ['if true; then pip install x fi && echo done', 'unclosed:if'],
      ['if [ -f x ] then echo; fi', 'unexpected:fi'],
      ['if true; then fi', 'unexpected:fi'],
      ['if true; then echo; done', 'unexpected:done'],
      ['for x in a b do echo; done', 'unexpected:done'],
      ['while true; do break', 'unclosed:while'],
      ['case $x in a) echo ;; && echo', 'unexpected:&&'],
      ['case $x in a) echo ;;', 'unclosed:case'],
      ['{ echo a }', 'unclosed:{'],
      ['echo a; }', 'unexpected:}'],
      ['( echo a', 'unclosed:('],
      ['echo a)', 'unexpected:)'],
      ["echo 'a", "unclosed:'"],
      ['echo "a', 'unclosed:"'],
      ['echo `date', 'unclosed:`'],
      ['echo $(date', 'unclosed:$('],
      ['echo $(echo a #b)', 'unclosed:$('],
      ['echo ${X:-x', 'unclosed:${'],
      ['a &&', 'dangling:&&'],
      ['a | fi', 'dangling:|'],
      ['if true; then a && fi', 'dangling:&&'],
      ['&& a', 'unexpected:&&'],
      ['a;; b', 'unexpected:;;'],
      ['if true; then echo a; fi echo b', 'unexpected:echo'],
      ['if true; then echo a # note fi', 'unclosed:if'],
    ];
    for (const [script, expected] of problems) {
      it(`finds ${expected} in: ${script}`, () => assert.equal(verdict(script), expected));
    }

    const unsure = [
      'ls !(x)', // extglob: parses only after shopt, which a one-line script cannot run first
      'echo "${x:-it\'s}"', // a single quote inside "${…}": bash and dash disagree
      "echo $'a\\'", // dash without $'…' reads another string
      'echo $(if true; then echo a)', // bash before 5.2 parses $(…) bodies only when they run
      'cat <<EOF',
      'echo $((',
      'coproc cat',
      'x=1 if true', // a reserved word after an assignment is a command name in bash and dash, but not in every shell
    ];
    for (const script of unsure) {
      it(`leaves alone: ${script}`, () => assert.equal(verdict(script), 'unsure'));
    }

    it('leaves deep nesting unjudged instead of overflowing the stack, and reads long scripts in linear time', () => {
      for (const script of ['$('.repeat(20000), '"${x:-'.repeat(20000), '{ '.repeat(20000), 'if a; then '.repeat(20000), '$(('.repeat(20000)]) {
        assert.equal(verdict(script), 'unsure');
      }
      assert.equal(verdict(`${'echo "a" && '.repeat(50000)}b`), 'ok');
    });
  });

  describe('which SHELL hands the RUN to a POSIX shell', () => {
    const shellOf = (json: string) => parseDockerfile(`SHELL ${json}\n`).instructions[0];
    it('accepts sh, bash, dash and ash with options, also behind a wrapper', () => {
      assert.ok(runsPosixScript(undefined));
      for (const json of ['["/bin/sh", "-c"]', '["/bin/bash", "-o", "pipefail", "-c"]', '["bash", "-euxo", "pipefail", "-c"]', '["/bin/bash", "--login", "-c"]', '["conda", "run", "-n", "env", "/bin/bash", "-c"]', '["/bin/ash", "-eo", "pipefail", "-c"]']) {
        assert.ok(runsPosixScript(shellOf(json)), json);
      }
    });
    it('rejects cmd, PowerShell, zsh, interpreters and a SHELL whose last element is not -c', () => {
      for (const json of ['["cmd", "/S", "/C"]', '["powershell", "-Command"]', '["pwsh", "-c"]', '["/bin/zsh", "-c"]', '["python3", "-c"]', '["conda", "run", "-n", "sh", "python", "-c"]', '["/bin/bash", "-c", "source /env && exec \\"$0\\""]']) {
        assert.ok(!runsPosixScript(shellOf(json)), json);
      }
    });
  });

  describe('the rule', () => {
    it('reports the sglang RUN at its if, names the swallowed fi, and fixes it with one ;', () => {
      const [f, ...rest] = lint(sglangRun);
      assert.equal(rest.length, 0);
      assert.deepEqual([f?.range.start, f?.range.end], [
        { line: 3, column: 5 },
        { line: 3, column: 7 },
      ]);
      assert.match(f?.message ?? '', /^`if` on line 3 is never closed by `fi`: the shell rejects the whole RUN/);
      assert.match(f?.message ?? '', /the `\\` at the end of line 4 joins `fi` \(line 5\) to the command before it as an argument/);
      const fixed = applyTextEdits(`${sglangRun.join('\n')}\n`, f?.fix?.edits ?? []);
      assert.ok(fixed.includes('pip install nvidia-nvshmem-cu12==3.4.5; \\\n    fi && \\'));
      assert.deepEqual(lint(fixed.trimEnd().split('\n')), []);
    });

    it('offers no fix when one ; would not make the script parse', () => {
      const [f] = lint(['FROM ubuntu:22.04', 'RUN if true; then \\', '      pip install x \\', '    fi && "unclosed']);
      assert.match(f?.message ?? '', /^The double quote opened on line 4/);
      assert.equal(f?.fix, undefined);
      const [g] = lint(['FROM ubuntu:22.04', 'RUN for p in a b; do \\', '      pip install "$p" \\', '    done && echo "it\'s']);
      assert.equal(g?.fix, undefined);
    });

    it('says when a # comment or a dropped comment line is the cause', () => {
      const [comment] = lint(['FROM ubuntu:22.04', 'RUN if true; then \\', '      apt-get install -y gdb; # for dev \\', '    fi']);
      assert.match(comment?.message ?? '', /the `#` comment on line 3 runs to the end of the RUN/);
      const [dropped] = lint(['FROM ubuntu:22.04', 'RUN if true; then \\', '      echo a; \\', '    else \\', '#     echo b; \\', '    fi']);
      assert.match(dropped?.message ?? '', /^`fi` on line 6 ends a part of the `if` \(line 2\) that holds no command/);
      assert.match(dropped?.message ?? '', /Docker drops comment lines inside a RUN/);
    });

    it('follows the SHELL in force, inherited from in-file parent stages', () => {
      const bad = 'RUN echo "unclosed';
      assert.equal(lint(['FROM ubuntu:22.04', 'SHELL ["/bin/bash", "-c"]', bad]).length, 1);
      assert.deepEqual(lint(['FROM ubuntu:22.04 AS base', 'SHELL ["pwsh", "-c"]', 'FROM base', bad]), []);
      assert.equal(lint(['FROM ubuntu:22.04 AS base', 'SHELL ["pwsh", "-c"]', 'FROM ubuntu:22.04', bad]).length, 1);
      assert.deepEqual(lint(['# hadolint shell=powershell', 'FROM ubuntu:22.04', bad]), []);
    });

    it('leaves Windows files, Windows commands, heredocs other programs run and broken exec forms alone', () => {
      assert.deepEqual(lint(['# escape=`', 'FROM example.test/base:1', "RUN echo don't"]), []);
      assert.equal(lint(['# escape=`', 'FROM example.test/base:1', 'SHELL ["/bin/sh", "-c"]', "RUN echo don't"]).length, 1);
      assert.deepEqual(lint(['FROM example.test/base:1', "RUN powershell -Command Write-Host 'it''s"]), []);
      assert.deepEqual(lint(['FROM mcr.microsoft.com/windows/servercore:ltsc2022', "RUN echo don't"]), []);
      assert.deepEqual(lint(['FROM ubuntu:22.04', 'RUN python3 <<EOF', 'if true; then', 'EOF']), []);
      assert.deepEqual(lint(['FROM ubuntu:22.04', "RUN ['echo', 'it\"s']"]), []);
    });

    it('reports an ONBUILD RUN at its token', () => {
      const [f] = lint(['FROM python:3.11-slim', 'ONBUILD RUN if true; then echo; done']);
      assert.deepEqual(f?.range.start, { line: 2, column: 33 });
      assert.match(f?.message ?? '', /^`done` on line 2 comes where the `if` opened on line 2 needs `fi`/);
    });
  });
});
