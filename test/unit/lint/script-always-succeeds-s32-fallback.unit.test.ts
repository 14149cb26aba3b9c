import * as assert from 'node:assert/strict';
import { alwaysSucceedingArgv, shellScriptArgument, shownScript } from '../../../src/core/lint/dockerfile/exec-always-succeeds';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { alwaysSucceeding } from '../../../src/core/lint/dockerfile/script-always-succeeds';
import { splitShell } from '../../../src/core/lint/dockerfile/shell';

/** How the script always succeeds: its fallback's words, whether it checks nothing; undefined when it can fail. */
function how(script: string, errexit = false) {
  const verdict = alwaysSucceeding(splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands, errexit);
  return verdict && { fallback: verdict.fallback?.words.map((w) => w.value).join(' '), checksNothing: verdict.checksNothing };
}

describe('s32: one judgement of scripts that always succeed, for probes and healthchecks alike', () => {
  it('finds the `|| true`, `|| :`, `|| exit 0` without which the check would decide', () => {
    assert.deepEqual(how('curl -f http://localhost/ || true'), { fallback: 'true', checksNothing: false });
    assert.deepEqual(how('curl -f http://localhost/ || exit 0'), { fallback: 'exit 0', checksNothing: false });
    assert.deepEqual(how('command -v curl > /dev/null && curl -f http://localhost/ || :'), { fallback: ':', checksNothing: false });
    assert.deepEqual(how('curl -f http://localhost/ || /usr/bin/true', true), { fallback: '/usr/bin/true', checksNothing: false });
  });

  it('has no fallback to replace where the script succeeds otherwise: a dropped status, an echo, or nothing checked', () => {
    assert.deepEqual(how('curl -f http://localhost/; exit 0'), { fallback: undefined, checksNothing: false });
    assert.deepEqual(how('curl -f http://localhost/ || echo down'), { fallback: undefined, checksNothing: false });
    assert.deepEqual(how('true || true'), { fallback: undefined, checksNothing: true });
    assert.deepEqual(how('echo ok'), { fallback: undefined, checksNothing: true });
    assert.deepEqual(how('curl -f http://localhost/ || true; exit 0'), { fallback: undefined, checksNothing: false });
  });

  it('is undefined for scripts that can fail', () => {
    assert.equal(how('curl -f http://localhost/ || exit 1'), undefined);
    assert.equal(how('curl -f http://localhost/; exit 0', true), undefined);
    assert.equal(how('set -e; curl -f http://localhost/; true'), undefined);
  });

  it('finds the script of `sh -c` in an argument list with its errexit, as the kubelet and Docker run it', () => {
    assert.deepEqual(shellScriptArgument(['/bin/sh', '-c', 'x']), { at: 2, errexit: false });
    assert.deepEqual(shellScriptArgument(['bash', '-e', '-c', 'x']), { at: 3, errexit: true });
    assert.deepEqual(shellScriptArgument(['bash', '-ec', 'x']), { at: 2, errexit: true });
    assert.equal(shellScriptArgument(['bash', '-c']), undefined);
    assert.equal(shellScriptArgument(['bash', 'script.sh']), undefined);
    assert.equal(alwaysSucceedingArgv(['sh', '-c', 'curl -f http://localhost/ || true']), 'curl -f http://localhost/ || true');
    assert.equal(alwaysSucceedingArgv(['echo', 'ok']), 'echo ok');
    assert.equal(alwaysSucceedingArgv(['echo ok']), undefined);
  });

  it('shows a script of several lines on one line, as the shell reads it', () => {
    assert.equal(shownScript('curl -fsS http://localhost:9200/\nexit 0\n'), 'curl -fsS http://localhost:9200/; exit 0');
    assert.equal(shownScript('curl -f http://localhost/ ||\n  true'), 'curl -f http://localhost/ || true');
    assert.equal(shownScript('curl -f http://localhost/ \\\n  || true'), 'curl -f http://localhost/ || true');
  });
});
