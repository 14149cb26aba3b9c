import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { errexitOption } from '../../../src/core/lint/dockerfile/errexit-option';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld032-heredoc-without-errexit';

function findings(text: string) {
  return lintDockerfile(text, { rules: [rule] }).findings;
}

function lines(...l: string[]): string {
  return `${l.join('\n')}\n`;
}

describe('s31: MLD032 a RUN heredoc whose shell runs without -e', () => {
  it('reads errexit from shell and set options the way the shells do', () => {
    assert.equal(errexitOption(['-e']), true);
    assert.equal(errexitOption(['-Eeuo', 'pipefail']), true);
    assert.equal(errexitOption(['-o', 'pipefail', '-e', '-c']), true);
    assert.equal(errexitOption(['-o', 'errexit']), true);
    assert.equal(errexitOption(['-ec']), true);
    assert.equal(errexitOption(['+e']), false);
    assert.equal(errexitOption(['+o', 'errexit']), false);
    assert.equal(errexitOption(['-o', 'pipefail', '-c']), undefined);
    assert.equal(errexitOption(['-x']), undefined);
    // After -c comes the command string, after -- the positional parameters: neither is an option.
    assert.equal(errexitOption(['-c', '-e']), undefined);
    assert.equal(errexitOption(['--', '-e']), undefined);
    assert.equal(errexitOption(['--login', '-e']), undefined);
  });

  it('reports the first command whose failure the heredoc goes past, and names the shell that runs it', () => {
    const text = lines('FROM ubuntu:22.04', 'RUN <<EOF', 'apt-get update', 'apt-get install -y curl', 'EOF');
    const [f, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(f?.range.start.line, 3);
    assert.match(f?.message ?? '', /^If apt-get fails, the rest of the heredoc still runs .*\/bin\/sh runs it without -e; start the heredoc with set -e/);
    const shell = findings(lines('FROM ubuntu:22.04', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN <<EOF', 'cd /src', 'make', 'EOF'));
    assert.match(shell[0]?.message ?? '', /SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\] runs it without -e/);
  });

  it('in `a && b` then `c`, reports b: errexit would not stop at a either', () => {
    const [f] = findings(lines('FROM ubuntu:22.04', 'RUN <<EOF', 'cd /src && ./configure', 'make', 'EOF'));
    assert.equal(f?.message.startsWith('If configure fails'), true);
  });

  it('inserts set -e before the first command: after the #! line and leading comments, indented as the body', () => {
    const fixed = (text: string) => applyTextEdits(text, findings(text)[0]?.fix?.edits ?? []);
    assert.equal(
      fixed(lines('FROM python:3.11', 'RUN <<EOF', '#!/bin/bash', '# build', 'python -m build', 'pip install dist/*.whl', 'EOF')),
      lines('FROM python:3.11', 'RUN <<EOF', '#!/bin/bash', '# build', 'set -e', 'python -m build', 'pip install dist/*.whl', 'EOF'),
    );
    assert.equal(
      fixed(lines('FROM python:3.11', 'RUN <<EOF', '    pip install a', '    pip install b', 'EOF')),
      lines('FROM python:3.11', 'RUN <<EOF', '    set -e', '    pip install a', '    pip install b', 'EOF'),
    );
  });

  it('follows the stage SHELL (BuildKit runs a bare RUN heredoc with it), but not into a shell the RUN starts', () => {
    const withE = lines('FROM ubuntu:22.04', 'SHELL ["/bin/bash", "-e", "-c"]', 'RUN <<EOF', 'cd /src', 'make', 'EOF');
    assert.deepEqual(findings(withE), []);
    const ownShell = lines('FROM ubuntu:22.04', 'SHELL ["/bin/bash", "-e", "-c"]', 'RUN bash <<EOF', 'cd /src', 'make', 'EOF');
    assert.match(findings(ownShell)[0]?.message ?? '', /bash reads it without -e/);
  });

  it('stays silent where the shell takes its options from the environment, or the script sets or clears errexit itself', () => {
    assert.deepEqual(findings(lines('FROM ubuntu:22.04', 'ENV SHELLOPTS=errexit', 'SHELL ["/bin/bash", "-c"]', 'RUN <<EOF', 'cd /src', 'make', 'EOF')), []);
    assert.deepEqual(findings(lines('FROM ubuntu:22.04', 'RUN <<EOF', "trap 'exit 1' ERR", 'cd /src', 'make', 'EOF')), []);
    assert.deepEqual(findings(lines('FROM ubuntu:22.04', 'RUN <<EOF', 'set +e', 'cd /src', 'make', 'EOF')), []);
  });

  it('leaves commands inside loops, conditions, groups and subshells alone, and reads the top level after them', () => {
    const nested = lines('FROM ubuntu:22.04', 'RUN <<EOF', 'for p in a b; do', '  pip install "$p"', 'done', 'while read -r l; do echo "$l"; done < /f', '(cd /src; make)', '{ echo a; echo b; } > /g', 'EOF');
    assert.deepEqual(findings(nested), []);
    const after = lines('FROM ubuntu:22.04', 'RUN <<EOF', 'if [ -f /x ]; then', '  rm /x', 'fi', 'pip install a', 'pip install b', 'EOF');
    assert.equal(findings(after)[0]?.range.start.line, 6);
  });

  it('goes past rm -f and mkdir -p, which succeed on a missing file or an existing directory, but not a plain rm', () => {
    assert.deepEqual(findings(lines('FROM ubuntu:22.04', 'RUN <<EOF', 'rm -rf /tmp/build', 'mkdir -p /app', 'pip install a', 'EOF')), []);
    assert.equal(findings(lines('FROM ubuntu:22.04', 'RUN <<EOF', 'rm -rf /tmp/build', 'rm /etc/app.conf', 'pip install a', 'EOF'))[0]?.range.start.line, 4);
  });

  it('is silent on a file whose shell is not POSIX', () => {
    assert.deepEqual(findings(lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["powershell", "-Command"]', 'RUN <<EOF', 'cd /src', 'make', 'EOF')), []);
  });

  it('is registered, on by default, with a warning and a quick fix', () => {
    const registered = dockerfileRules.find((r) => r.meta.id === 'MLD032');
    assert.deepEqual([registered?.meta.severity, registered?.meta.enabledByDefault, registered?.meta.fixable], ['warning', true, true]);
    const all = lintDockerfile(lines('FROM ubuntu:22.04', 'RUN <<EOF', 'pip install a', 'pip install b', 'EOF')).findings;
    assert.ok(all.some((f) => f.ruleId === 'MLD032'));
  });
});
