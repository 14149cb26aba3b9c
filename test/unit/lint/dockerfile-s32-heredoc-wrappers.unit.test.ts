import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { rule } from '../../../src/core/lint/rules/dockerfile/mld032-heredoc-without-errexit';

function messages(text: string): string[] {
  return lintDockerfile(text, { rules: [rule] }).findings.map((f) => f.message);
}

/** A RUN whose command line is `line` and whose heredoc body runs two pip installs. */
function heredoc(line: string, from = 'ubuntu:22.04'): string {
  return `FROM ${from}\nRUN ${line} <<EOF\npip install a\npip install b\nEOF\n`;
}

describe('s32: MLD032 reads heredocs fed to a shell behind sudo, su, runuser and other wrappers, and ONBUILD RUN heredocs', () => {
  it('reports a shell that reads the heredoc behind sudo, gosu or env, naming both', () => {
    assert.match(messages(heredoc('sudo bash'))[0] ?? '', /: sudo bash reads it without -e; start the heredoc with set -e/);
    assert.match(messages(heredoc('sudo -E sh'))[0] ?? '', /: sudo sh reads it without -e/);
    assert.match(messages(heredoc('sudo -u app -H bash'))[0] ?? '', /: sudo bash reads it without -e/);
    assert.match(messages(heredoc('gosu app bash'))[0] ?? '', /: gosu bash reads it without -e/);
    assert.match(messages(heredoc('env DEBIAN_FRONTEND=noninteractive sh -x'))[0] ?? '', /: env sh reads it without -e/);
  });

  it('reports su and runuser: the login shell without -c, the shell -c names, the command after runuser -u', () => {
    assert.match(messages(heredoc('su - app'))[0] ?? '', /: su runs app's login shell on it without -e/);
    assert.match(messages(heredoc('su'))[0] ?? '', /: su runs root's login shell on it without -e/);
    assert.match(messages(heredoc("su app -c 'bash -s'"))[0] ?? '', /: bash, started by su -c, reads it without -e/);
    assert.match(messages(heredoc('sudo su - app'))[0] ?? '', /: su runs app's login shell on it without -e/);
    assert.match(messages(heredoc('runuser -u app -- bash'))[0] ?? '', /: bash, run by runuser, reads it without -e/);
    assert.match(messages(heredoc('sudo -i'))[0] ?? '', /: the shell sudo starts reads it without -e/);
  });

  it('stays silent where the wrapped shell has -e, or what reads the heredoc is no shell', () => {
    for (const line of ['sudo bash -e', 'sudo -E sh -eux', "su app -c 'bash -e'", 'runuser -u app bash -e', 'sudo tee /etc/app.conf', 'sudo python3', 'su app -c python3', 'su app -s /usr/bin/python3', "su app -c 'bash -e; true'"]) {
      assert.deepEqual(messages(heredoc(line)), [], line);
    }
  });

  it('reports an ONBUILD RUN heredoc, judged with the SHELL the stage ends with (the one its triggers run with)', () => {
    const onbuild = (before: string, after: string) => `FROM ubuntu:22.04\n${before}ONBUILD RUN <<EOF\npip install a\npip install b\nEOF\n${after}`;
    assert.match(messages(onbuild('', ''))[0] ?? '', /^If pip fails, .*\/bin\/sh runs it without -e/);
    assert.deepEqual(messages(onbuild('', 'SHELL ["/bin/bash", "-ec"]\n')), []);
    assert.match(messages(onbuild('SHELL ["/bin/bash", "-ec"]\n', 'SHELL ["/bin/bash", "-c"]\n'))[0] ?? '', /SHELL \["\/bin\/bash", "-c"\] runs it without -e/);
    assert.deepEqual(messages('FROM ubuntu:22.04\nONBUILD RUN bash -e <<EOF\npip install a\npip install b\nEOF\n'), []);
  });

  it('inserts set -e into a wrapped or ONBUILD heredoc', () => {
    const fixed = (text: string) => applyTextEdits(text, lintDockerfile(text, { rules: [rule] }).findings[0]?.fix?.edits ?? []);
    assert.equal(fixed(heredoc('sudo bash')), 'FROM ubuntu:22.04\nRUN sudo bash <<EOF\nset -e\npip install a\npip install b\nEOF\n');
    assert.equal(fixed('FROM a\nONBUILD RUN <<EOF\n  pip install a\n  pip install b\nEOF\n'), 'FROM a\nONBUILD RUN <<EOF\n  set -e\n  pip install a\n  pip install b\nEOF\n');
  });
});
