import * as assert from 'node:assert/strict';
import { pythonInstall, uvSync } from '../../../src/core/lint/dockerfile/installs';
import { skippedOnAmd64 } from '../../../src/core/lint/dockerfile/platform-branches';
import type { ShellCommand, ShellScript } from '../../../src/core/lint/dockerfile/shell';
import { splitShell } from '../../../src/core/lint/dockerfile/shell';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const script = (text: string): ShellScript => splitShell(MappedText.build([{ text, line: 1, column: 1 }]));
const commandOf = (s: ShellScript, name: string): ShellCommand => s.commands.find((c) => c.words[0]?.value === name) as ShellCommand;
const declared = (name: 'TARGETARCH' | 'TARGETPLATFORM'): string => (name === 'TARGETARCH' ? 'amd64' : 'linux/amd64');
const skipped = (text: string, platformValue = declared): boolean => {
  const s = script(text);
  return skippedOnAmd64(s, commandOf(s, 'pip'), platformValue);
};
const findings = (id: string, text: string): string[] =>
  lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings.map((f) => `${f.range.start.line}:${f.range.start.column}`);

describe('round 12 sweep: uv global options before the subcommand', () => {
  it('reads `uv --no-progress pip install` as an install, skipping the values of --cache-dir, --color and --directory', () => {
    const s = script('uv --no-progress --cache-dir /tmp/c --color never --directory /app pip install --system torch');
    const install = pythonInstall(s.commands[0] as ShellCommand, s);
    assert.equal(install?.tool, 'uv');
    assert.deepEqual(install?.packages.map((w) => w.value), ['torch']);
    assert.deepEqual(install?.options.map((o) => [o.name, o.value?.value]), [
      ['--no-progress', undefined],
      ['--cache-dir', '/tmp/c'],
      ['--color', 'never'],
      ['--directory', '/app'],
      ['--system', undefined],
    ]);
  });

  it('does not read other uv subcommands, or a global option value named pip, as the pip interface', () => {
    for (const text of ['uv --no-progress tool install ruff', 'uv --directory pip sync', 'uv --project /app run pip install torch']) {
      const s = script(text);
      assert.equal(pythonInstall(s.commands[0] as ShellCommand, s), undefined, text);
    }
  });

  it('reads `uv sync` and `uv pip sync` after global options, with their no-cache flags', () => {
    const project = script('uv -q --directory /app sync --frozen -n');
    const sync = uvSync(project.commands[0] as ShellCommand, project);
    assert.equal(sync?.subWord.value, 'sync');
    assert.equal(sync?.pip, false);
    assert.ok(sync?.options.some((o) => o.name === '-n'));
    const pip = script('uv --offline pip sync requirements.txt');
    assert.equal(uvSync(pip.commands[0] as ShellCommand, pip)?.pip, true);
    const other = script('uv --cache-dir sync lock');
    assert.equal(uvSync(other.commands[0] as ShellCommand, other), undefined);
  });

  it('MLD306 names uv pip install -r as uv, not pip', () => {
    const lint = lintDockerfile('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv pip install --system --no-cache --requirements requirements.txt\n', {
      rules: dockerfileRules.filter((r) => r.meta.id === 'MLD306'),
    });
    assert.match(lint.findings[0]?.message ?? '', /^uv pip install -r runs after the COPY on line 3/);
  });
});

describe('round 12 sweep: shell branches on the target platform', () => {
  it('records the case branch a command runs in, with the patterns of the branches before it', () => {
    const s = script('case "$TARGETARCH" in amd64|x86_64) echo a ;; arm64) pip install torch ;; *) echo other ;; esac');
    const branch = commandOf(s, 'pip').caseBranches?.[0];
    assert.equal(branch?.subject?.value, '$TARGETARCH');
    assert.deepEqual(branch?.patterns, ['arm64']);
    assert.deepEqual(branch?.earlier, ['amd64', 'x86_64']);
    assert.equal(commandOf(s, 'echo').caseBranches?.[0]?.earlier?.length, 0);
  });

  it('forgets the earlier patterns after a ;& fall-through', () => {
    const s = script('case "$TARGETARCH" in amd64) echo a ;& arm64) pip install torch ;; esac');
    assert.equal(commandOf(s, 'pip').caseBranches?.[0]?.earlier, undefined);
    assert.equal(skippedOnAmd64(s, commandOf(s, 'pip'), declared), false);
  });

  it('skips on amd64 what an if, elif, else, case or TEST && list keeps for other platforms', () => {
    assert.equal(skipped('if [ "$TARGETARCH" = "arm64" ]; then pip install torch; fi'), true);
    assert.equal(skipped('if [ "${TARGETPLATFORM}" = "linux/amd64" ]; then echo x; else pip install torch; fi'), true);
    assert.equal(skipped('if [ "$TARGETARCH" = arm64 ]; then echo a; elif [ "$TARGETARCH" = riscv64 ]; then pip install torch; fi'), true);
    assert.equal(skipped('if test "$TARGETARCH" != "amd64"; then pip install torch; fi'), true);
    assert.equal(skipped('if ! [ "$TARGETARCH" = "amd64" ]; then pip install torch; fi'), true);
    assert.equal(skipped('if [[ $TARGETPLATFORM == linux/arm* ]]; then pip install torch; fi'), true);
    assert.equal(skipped('case $TARGETARCH in amd64) echo a ;; *) pip install torch ;; esac'), true);
    assert.equal(skipped('[ "$(uname -m)" = "aarch64" ] && pip install torch'), true);
    assert.equal(skipped('[ "$TARGETARCH" = "amd64" ] || pip install torch'), true);
  });

  it('keeps what an amd64 build runs, or may run', () => {
    assert.equal(skipped('if [ "$TARGETARCH" = "amd64" ]; then pip install torch; fi'), false);
    assert.equal(skipped('if [ "$TARGETARCH" = "arm64" ]; then echo a; else pip install torch; fi'), false);
    assert.equal(skipped('if [ "$TARGETARCH" = "arm64" ]; then echo a; fi; pip install torch'), false);
    assert.equal(skipped('if [ "$TARGETARCH" = "$WANTED" ]; then pip install torch; fi'), false);
    assert.equal(skipped('if [ "$GPU" = "arm64" ]; then pip install torch; fi'), false);
    assert.equal(skipped('if [ "$TARGETARCH" = "arm64" ] || [ -n "$FORCE" ]; then pip install torch; fi'), false);
    assert.equal(skipped('case $TARGETARCH in arm64) echo a ;; *) pip install torch ;; esac'), false);
    assert.equal(skipped('case $TARGETARCH in $OTHER) echo a ;; amd64) pip install torch ;; esac'), false);
    assert.equal(skipped('echo x || [ "$TARGETARCH" = "arm64" ] && pip install torch'), false);
    assert.equal(skipped('for a in 1 2; do [ "$TARGETARCH" = arm64 ]; done; pip install torch'), false);
  });

  it('reads an undeclared TARGETARCH as empty: `!= amd64` then holds on amd64 too', () => {
    const undeclared = (): string => '';
    assert.equal(skipped('if [ "$TARGETARCH" != "amd64" ]; then pip install torch; fi', undeclared), false);
    assert.equal(skipped('if [ "$TARGETARCH" = "arm64" ]; then pip install torch; fi', undeclared), true);
  });

  it('MLD410 keeps torch installed for amd64 beside an arm64 branch, and drops the arm64-only install', () => {
    const head = 'FROM python:3.11-slim\nARG TARGETARCH\n';
    assert.deepEqual(findings('MLD410', `${head}RUN if [ "$TARGETARCH" = arm64 ]; then pip install --no-cache-dir torch==2.3.1; fi\n`), []);
    assert.deepEqual(findings('MLD410', `${head}RUN if [ "$TARGETARCH" = amd64 ]; then pip install --no-cache-dir torch==2.3.1; fi\n`), ['1:6']);
    // A CUDA index serves aarch64 CUDA builds: the arm64 branch then installs CUDA torch.
    assert.deepEqual(findings('MLD410', `${head}RUN if [ "$TARGETARCH" = arm64 ]; then pip install --no-cache-dir torch==2.7.1 --index-url https://wheels.example.com/whl/cu128; fi\n`), ['1:6']);
  });
});
