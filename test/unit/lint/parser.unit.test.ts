import * as assert from 'node:assert/strict';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { buildModel, runScripts } from '../../../src/core/lint/dockerfile/semantic';
import { effectiveCommand, splitShell } from '../../../src/core/lint/dockerfile/shell';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { expandVars } from '../../../src/core/lint/dockerfile/variables';
import type { Range } from '../../../src/core/lint/types';

const at = (r: Range): string => `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;

function only<T>(items: readonly T[], n = 0): T {
  const item = items[n];
  assert.ok(item !== undefined, `expected an item at ${n}`);
  return item;
}

describe('Dockerfile parser', () => {
  it('reads parser directives only at the top, with exact value ranges', () => {
    const p = parseDockerfile('# syntax=docker/dockerfile:1.7\n#  check = skip=JSONArgsRecommended\nFROM alpine:3.20\n');
    assert.deepEqual(p.directives.map((d) => [d.name, d.value]), [['syntax', 'docker/dockerfile:1.7'], ['check', 'skip=JSONArgsRecommended']]);
    assert.equal(at(only(p.directives).valueRange), '1:10-1:31');
    assert.equal(only(p.instructions).keyword, 'FROM');
  });

  it('splits the keyword off the same way whether it ends inside its line, at a continuation or across one', () => {
    const p = parseDockerfile('run  echo hi\nRUN\\\n  echo a \\\n  b\nRU\\\nN echo c\n');
    const [inside, atContinuation, across] = p.instructions;
    assert.ok(inside && atContinuation && across);
    assert.deepEqual([inside.keyword, inside.keywordRaw, at(inside.keywordRange), inside.args.text, at(inside.args.range(2, 6))], ['RUN', 'run', '1:1-1:4', '  echo hi', '1:6-1:10']);
    assert.deepEqual([atContinuation.keyword, at(atContinuation.keywordRange), atContinuation.args.text, at(atContinuation.args.range(2, 12))], ['RUN', '2:1-2:4', '  echo a   b', '3:3-4:4']);
    assert.deepEqual([across.keyword, at(across.keywordRange), across.args.text], ['RUN', '5:1-6:2', ' echo c']);
  });

  it('treats a directive after a comment or blank line as a comment', () => {
    const p = parseDockerfile('# hello\n# escape=`\nFROM a\n');
    assert.deepEqual(p.directives, []);
    assert.equal(p.escape, '\\');
    assert.deepEqual(p.comments.map((c) => c.text), ['hello', 'escape=`']);
    const q = parseDockerfile('\n# syntax=docker/dockerfile:1\nFROM a\n');
    assert.deepEqual(q.directives, []);
  });

  it('honours # escape=` for line continuations and keeps positions across lines', () => {
    const p = parseDockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo a `\n  && echo b\\c\n');
    assert.equal(p.escape, '`');
    const run = only(p.instructions, 1);
    assert.equal(run.startLine, 3);
    assert.equal(run.endLine, 4);
    assert.equal(run.args.text, ' echo a   && echo b\\c');
    const script = splitShell(run.args.slice(run.argsStart));
    assert.equal(script.commands.length, 2);
    assert.equal(at(only(only(script.commands, 1).words).range), '4:6-4:10');
  });

  it('joins continuations, skipping comment lines and recording blank ones', () => {
    const p = parseDockerfile('FROM ubuntu:22.04\nRUN apt-get update && \\\n    # a comment inside\n\n    apt-get install -y curl  \\   \n      git\nCMD ["bash"]\n');
    const run = only(p.instructions, 1);
    assert.equal(run.startLine, 2);
    assert.equal(run.endLine, 6);
    assert.deepEqual(run.emptyContinuationLines, [4]);
    assert.deepEqual(p.comments.map((c) => [c.line, c.inContinuation]), [[3, true]]);
    const cmds = only(runScripts(run)).commands;
    assert.equal(cmds.length, 2);
    const install = only(cmds, 1);
    assert.deepEqual(install.words.map((w) => w.value), ['apt-get', 'install', '-y', 'curl', 'git']);
    assert.equal(at(only(install.words, 0).range), '5:5-5:12');
    assert.equal(at(only(install.words, 4).range), '6:7-6:10');
    assert.equal(only(p.instructions, 2).startLine, 7);
  });

  it('handles CRLF line endings and a BOM', () => {
    const p = parseDockerfile('\uFEFF# syntax=docker/dockerfile:1\r\nFROM a\r\nRUN echo hi \\\r\n  there\r\n');
    assert.equal(only(p.directives).value, 'docker/dockerfile:1');
    assert.equal(p.instructions.length, 2);
    const run = only(p.instructions, 1);
    assert.equal(run.endLine, 4);
    const words = only(only(runScripts(run)).commands).words;
    assert.equal(at(only(words, 2).range), '4:3-4:8');
  });

  it('reads heredocs: plain, <<- with tab stripping, quoted delimiters, several per instruction', () => {
    const text = [
      'FROM alpine:3.20',
      'RUN <<EOF',
      'apk add --no-cache curl',
      'EOF',
      'RUN <<-"END" bash',
      '\tset -e',
      '\techo done',
      '\tEND',
      'COPY <<a.txt <<b.txt /dest/',
      'first',
      'a.txt',
      'second',
      'b.txt',
      'RUN echo "<<NOT" <<<also-not',
      'CMD ["sh"]',
    ].join('\n');
    const p = parseDockerfile(text);
    assert.deepEqual(p.instructions.map((i) => [i.keyword, i.startLine, i.endLine]), [
      ['FROM', 1, 1], ['RUN', 2, 4], ['RUN', 5, 8], ['COPY', 9, 13], ['RUN', 14, 14], ['CMD', 15, 15],
    ]);
    const first = only(only(p.instructions, 1).heredocs);
    assert.equal(first.name, 'EOF');
    assert.equal(first.body.text, 'apk add --no-cache curl');
    assert.ok(first.terminated);
    const apk = only(only(runScripts(only(p.instructions, 1)), 1).commands);
    assert.equal(at(only(apk.words).range), '3:1-3:4');
    const stripped = only(only(p.instructions, 2).heredocs);
    assert.deepEqual([stripped.stripTabs, stripped.quoted, stripped.body.text], [true, true, 'set -e\necho done']);
    assert.equal(at(only(only(runScripts(only(p.instructions, 2)), 1).commands, 1).words[0]?.range as Range), '7:2-7:6');
    assert.deepEqual(only(p.instructions, 3).heredocs.map((h) => [h.name, h.body.text]), [['a.txt', 'first'], ['b.txt', 'second']]);
    assert.deepEqual(only(p.instructions, 4).heredocs, []);
  });

  it('reads a heredoc as the script of a shell given only options (bash -ex <<EOF), not of sh -c or a script file', () => {
    // NVIDIA/Megatron-LM docker/Dockerfile.ci.dev: RUN bash -ex <<"EOF" … EOF.
    const text = [
      'FROM ubuntu:22.04',
      'RUN bash -ex <<"EOF"',
      'apt-get update',
      'EOF',
      'RUN /bin/bash -o pipefail -eu <<EOF',
      'curl -fsSL https://example.com/a.tgz | tar xz',
      'EOF',
      'RUN bash -c "echo hi" <<EOF',
      'not-a-command',
      'EOF',
      'RUN bash ./setup.sh <<EOF',
      'answers',
      'EOF',
    ].join('\n');
    const p = parseDockerfile(text);
    const names = (k: number): string[] => runScripts(only(p.instructions, k)).flatMap((s) => s.commands.map((c) => c.words[0]?.value ?? ''));
    assert.deepEqual(names(1), ['bash', 'apt-get']);
    assert.deepEqual(names(2), ['/bin/bash', 'curl', 'tar']);
    assert.deepEqual(names(3), ['bash']);
    assert.deepEqual(names(4), ['bash']);
  });

  it('reports an unterminated heredoc as running to the end of the file', () => {
    const p = parseDockerfile('FROM a\nRUN <<EOF\necho 1\necho 2\n');
    const run = only(p.instructions, 1);
    assert.equal(only(run.heredocs).terminated, false);
    assert.equal(run.endLine, 5);
  });

  it('tells exec (JSON) form from shell form, with element ranges', () => {
    const p = parseDockerfile('FROM a\nCMD ["python", "-m", "http.server"]\nCMD [\'python\']\nENTRYPOINT ["a" "b"]\nRUN --mount=type=cache,target=/root/.cache/pip ["pip", "install", "x"]\n');
    const cmd = only(p.instructions, 1);
    assert.deepEqual(cmd.json?.map((j) => j.value), ['python', '-m', 'http.server']);
    assert.equal(at(only(cmd.json ?? []).range), '2:6-2:14');
    assert.equal(only(p.instructions, 2).json, undefined);
    assert.equal(only(p.instructions, 3).json, undefined);
    const run = only(p.instructions, 4);
    assert.deepEqual(run.flags.map((f) => [f.name, f.value]), [['mount', 'type=cache,target=/root/.cache/pip']]);
    assert.equal(at(only(run.flags).valueRange as Range), '5:13-5:47');
    assert.deepEqual(run.json?.map((j) => j.value), ['pip', 'install', 'x']);
    assert.deepEqual(runScripts(run), []);
  });

  it('parses ONBUILD triggers as instructions, and their RUN as shell', () => {
    const p = parseDockerfile('FROM a\nONBUILD RUN sudo apt-get install -y curl\nonbuild copy . /app\n');
    const ob = only(p.instructions, 1);
    assert.equal(ob.trigger?.keyword, 'RUN');
    assert.equal(at(ob.trigger?.keywordRange), '2:9-2:12');
    const eff = effectiveCommand(only(only(runScripts(ob)).commands));
    assert.equal(eff?.name, 'apt-get');
    assert.equal(only(p.instructions, 2).trigger?.keyword, 'COPY');
  });

  it('builds stages with ARG substitution before FROM and in-file parents', () => {
    const m = buildModel('ARG BASE=nvidia/cuda\nARG TAG=12.4.1-runtime-ubuntu22.04\nFROM ${BASE}:${TAG} AS build\nFROM build AS final\nFROM $UNSET AS other\n', { target: 'final' });
    assert.equal(m.stages.length, 3);
    const [build, final, other] = m.stages;
    assert.equal(build?.image, 'nvidia/cuda:12.4.1-runtime-ubuntu22.04');
    assert.equal(build?.ref?.path, 'nvidia/cuda');
    assert.equal(final?.parent, build);
    assert.equal(other?.image, undefined);
    assert.equal(m.finalStage, final);
    assert.equal(m.globalArgs.get('TAG'), '12.4.1-runtime-ubuntu22.04');
    const over = buildModel('ARG TAG=1\nFROM img:${TAG}\n', { buildArgs: { TAG: '2' } });
    assert.equal(over.stages[0]?.image, 'img:2');
  });

  it('never throws on malformed input', () => {
    for (const text of ['', '\n\n', '\\', 'RUN \\', 'FROM', '# escape=x', 'RUN <<', 'RUN <<-', 'CMD ["unterminated', 'ENV A="x', 'ONBUILD', '   \t  ', 'RUN $((((((((']) {
      const p = parseDockerfile(text);
      assert.ok(Array.isArray(p.instructions));
      buildModel(text);
    }
  });
});

describe('shell splitter', () => {
  const split = (s: string) => splitShell(MappedText.build([{ text: s, line: 1, column: 1 }])).commands;

  it('splits on && || ; | & and keeps operators', () => {
    const cmds = split('curl -fsSL https://x.sh | sh && echo ok || true; ls & wait');
    assert.deepEqual(cmds.map((c) => [c.words[0]?.value, c.before, c.after]), [
      ['curl', undefined, '|'], ['sh', '|', '&&'], ['echo', '&&', '||'], ['true', '||', ';'], ['ls', ';', '&'], ['wait', '&', undefined],
    ]);
  });

  it('does not split inside quotes, $(…) or backticks, and strips quotes from values', () => {
    const cmds = split(`echo "a && b" 'c | d' $(cd /x && pwd) \`x;y\` && ls`);
    assert.equal(cmds.length, 2);
    assert.deepEqual(cmds[0]?.words.map((w) => w.value), ['echo', 'a && b', 'c | d', '$(cd /x && pwd)', '`x;y`']);
  });

  it('drops redirections, comments, assignments and control keywords', () => {
    const cmds = split('A=1 B=2 apt-get update > /dev/null 2>&1 # trailing && comment\nif [ -f x ]; then pip install y; fi');
    assert.deepEqual(cmds.map((c) => c.words.map((w) => w.value).join(' ')), ['apt-get update', '[ -f x ]', 'pip install y']);
    assert.deepEqual(cmds[0]?.assignments.map((a) => a.value), ['A=1', 'B=2']);
  });

  it('keeps the operator a newline follows (heredoc scripts) and records dropped control keywords', () => {
    const cmds = split('a &&\n  b |\n  c\n(\n  cd /x\n  make\n)\nif ! d | e; then f; fi');
    assert.deepEqual(cmds.map((c) => [c.words[0]?.value, c.before]), [
      ['a', undefined], ['b', '&&'], ['c', '|'], ['cd', '('], ['make', '\n'], ['d', '\n'], ['e', '|'], ['f', ';'],
    ]);
    assert.deepEqual(cmds.map((c) => c.keywords), [undefined, undefined, undefined, undefined, undefined, ['if', '!'], undefined, ['then']]);
  });

  it('skips here-document bodies inside a script', () => {
    const cmds = split('cat <<EOF > /etc/x\napt-get install foo\nEOF\necho after');
    assert.deepEqual(cmds.map((c) => c.words[0]?.value), ['cat', 'echo']);
  });

  it('sees through sudo, env and nohup wrappers', () => {
    const eff = effectiveCommand(split('sudo -E -u root env DEBIAN_FRONTEND=noninteractive apt-get install -y x')[0] as never);
    assert.equal(eff?.name, 'apt-get');
    assert.deepEqual(eff?.wrappers.map((w) => w.value), ['sudo', 'env']);
  });

  it('sees through container inits and user switchers: tini and dumb-init with their options, gosu and su-exec with their user', () => {
    const cases: [string, string, string[], string[]][] = [
      ['tini -s -p SIGTERM -- python serve.py', 'python', ['tini'], ['serve.py']],
      ['/usr/bin/dumb-init --rewrite 15:2 -- gosu app pip install -r requirements.txt', 'pip', ['dumb-init', 'gosu'], ['install', '-r', 'requirements.txt']],
      ['su-exec 1000:1000 python -m app', 'python', ['su-exec'], ['-m', 'app']],
    ];
    for (const [text, name, wrappers, args] of cases) {
      const eff = effectiveCommand(split(text)[0] as never);
      assert.equal(eff?.name, name, text);
      assert.deepEqual(eff?.wrappers.map((w) => w.value.split('/').pop()), wrappers, text);
      assert.deepEqual(eff?.args.map((w) => w.value), args, text);
    }
    // A user and no program after it: nothing is run.
    assert.equal(effectiveCommand(split('gosu app')[0] as never), undefined);
  });
});

describe('image references and variables', () => {
  it('parses a registry port as a port, not a tag (trap T3)', () => {
    const r = parseImageRef('registry.example:5000/team/trainer');
    assert.ok(r.ok);
    assert.deepEqual([r.ref.domain, r.ref.path, r.ref.tag], ['registry.example:5000', 'team/trainer', undefined]);
  });

  it('normalises Docker Hub names and validates tags and digests', () => {
    const r = parseImageRef('ubuntu:22.04');
    assert.ok(r.ok && r.ref.path === 'library/ubuntu' && r.ref.tag === '22.04');
    assert.equal(parseImageRef('Ubuntu:22.04').ok, false);
    assert.equal(parseImageRef('ubuntu:bad tag').ok, false);
    assert.equal(parseImageRef(`ubuntu:${'a'.repeat(129)}`).ok, false);
    assert.equal(parseImageRef('ubuntu@sha256:abc').ok, false);
    assert.equal(parseImageRef('').ok, false);
  });

  it('expands ${VAR}, defaults and alternatives, and reports unresolved names', () => {
    const vars: Record<string, string> = { A: 'x', E: '' };
    const look = (n: string): string | undefined => vars[n];
    assert.equal(expandVars('${A}-$A-${B:-d}-${E:-e}-${E-f}-${A:+alt}', look).value, 'x-x-d-e--alt');
    assert.deepEqual(expandVars('$NOPE/${ALSO}', look).unresolved, ['NOPE', 'ALSO']);
    assert.equal(expandVars('\\$A', look).value, '$A');
  });
});
