import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { compatibleFixes } from '../../../src/core/lint/compatible-fixes';
import { runCommands } from '../../../src/core/lint/dockerfile/installs';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { effectiveCommand } from '../../../src/core/lint/dockerfile/shell';
import { lintDockerfile } from '../../../src/core/lint/engine';
import type { DockerfileRule } from '../../../src/core/lint/rule';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import { withSafeWrappedFixes } from '../../../src/core/lint/rules/dockerfile/wrapped-fixes';
import type { Finding, TextEdit } from '../../../src/core/lint/types';

const rulesOf = (ids: readonly string[]): DockerfileRule[] => dockerfileRules.filter((r) => ids.includes(r.meta.id));
const lint = (ids: readonly string[], lines: readonly string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules: rulesOf(ids) }).findings;
/** Each finding as `ID@line:column`, with `+fix` when it has a quick fix. */
const described = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}${f.fix ? '+fix' : ''}`);

/** The text after applying every compatible fix of the rules, and what the rules then report. */
function fixed(ids: readonly string[], lines: readonly string[]): { text: string; left: string[] } {
  const text = `${lines.join('\n')}\n`;
  const edits = compatibleFixes(lintDockerfile(text, { rules: rulesOf(ids) }).findings).flatMap((f) => f.fix?.edits ?? []);
  const after = applyTextEdits(text, edits);
  return { text: after, left: described(lintDockerfile(after, { rules: rulesOf(ids) }).findings) };
}

describe('round 15: commands in a script handed to a shell, or in an exec-form RUN, are read', () => {
  it('runCommands yields the commands of a wrapped script right after the command that runs it', () => {
    const run = parseDockerfile('RUN sudo bash -c "apt-get update && apt-get install -y curl" && echo done\n').instructions[0];
    assert.ok(run);
    const names = runCommands(run).map(({ command }) => effectiveCommand(command)?.name);
    assert.deepEqual(names, ['bash', 'apt-get', 'apt-get', 'echo']);
  });

  it('bash -lc, sh -ec, su USER -c, conda run … bash -c and an exec form all hand over their script', () => {
    const findings = lint(
      ['MLD302'],
      [
        'FROM ubuntu:22.04',
        'RUN bash -lc "apt-get install -y a"',
        "RUN /bin/sh -ec 'apt-get install -y b'",
        'RUN su root -c "apt-get install -y c"',
        'RUN conda run -n base bash -c "apt-get install -y d"',
        'RUN ["/bin/bash", "-o", "pipefail", "-c", "apt-get install -y e"]',
        'RUN ["apt-get", "install", "-y", "f"]',
      ],
    );
    assert.deepEqual(described(findings), ['MLD302@2:15+fix', 'MLD302@3:18+fix', 'MLD302@4:17+fix', 'MLD302@5:32+fix', 'MLD302@6:44+fix', 'MLD302@7:6']);
  });

  it('a shell that is only an argument, reads a file, or is given a variable hands over nothing', () => {
    const lines = ['FROM ubuntu:22.04', 'RUN echo bash -c "apt-get install -y a"', 'RUN bash setup.sh -c "apt-get install -y b"', 'RUN sh -c "$CMD"', 'RUN bash -c "echo apt-get install -y c"'];
    assert.deepEqual(described(lint(['MLD302', 'MLD204'], lines)), []);
  });
});

describe('round 15: quick fixes on wrapped commands edit inside the quotes', () => {
  const ids = ['MLD301', 'MLD302'];

  it('bash -c "…": --no-install-recommends and the lists removal land inside the double quotes', () => {
    const { text, left } = fixed(ids, ['FROM ubuntu:22.04', 'RUN bash -c "apt-get update && apt-get install -y curl"']);
    assert.equal(text, 'FROM ubuntu:22.04\nRUN bash -c "apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*"\n');
    assert.deepEqual(left, []);
  });

  it("sh -c '…' and a script continued over lines keep their quotes", () => {
    const { text, left } = fixed(ids, ['FROM ubuntu:22.04', "RUN sh -c 'apt-get update && \\", "    apt-get install -y curl '"]);
    assert.equal(text, "FROM ubuntu:22.04\nRUN sh -c 'apt-get update && \\\n    apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/* '\n");
    assert.deepEqual(left, []);
  });

  it('an exec form’s bash -c script gets the edits inside its JSON string', () => {
    const { text, left } = fixed(ids, ['FROM ubuntu:22.04', 'RUN ["/bin/bash", "-c", "apt-get update && apt-get install -y curl"]']);
    assert.equal(text, 'FROM ubuntu:22.04\nRUN ["/bin/bash", "-c", "apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*"]\n');
    assert.deepEqual(left, []);
  });

  it('nested scripts: the edit lands in the innermost quotes', () => {
    const { text, left } = fixed(['MLD302'], ['FROM ubuntu:22.04', 'RUN bash -c "su root -c \'apt-get install -y curl\'"']);
    assert.equal(text, 'FROM ubuntu:22.04\nRUN bash -c "su root -c \'apt-get install --no-install-recommends -y curl\'"\n');
    assert.deepEqual(left, []);
  });

  it('a script with escaped quotes, and an exec form’s own array, keep the finding but get no fix', () => {
    const findings = lint(['MLD302', 'MLD304'], ['FROM ubuntu:22.04', 'RUN bash -c "echo \\"go\\" && apt-get install -y curl"', 'RUN ["apt-get", "install", "-y", "git"]', 'RUN ["pip", "install", "torch"]']);
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}@${f.range.start.line}${f.fix ? '+fix' : ''}`),
      ['MLD302@2', 'MLD302@3', 'MLD304@4'],
    );
  });
});

describe('round 15: withSafeWrappedFixes drops edits that would break a wrapped script', () => {
  const text = 'FROM ubuntu:22.04\nRUN bash -c "apt-get install -y curl"\n';
  /** A rule whose one finding carries the given edit. */
  const ruleWith = (edit: TextEdit): DockerfileRule =>
    withSafeWrappedFixes({
      meta: { ...(rulesOf(['MLD302'])[0] as DockerfileRule).meta },
      check: () => [{ range: edit.range, message: 'test finding', fix: { title: 'test', edits: [edit] } }],
    });
  const fixOf = (edit: TextEdit): boolean => lintDockerfile(text, { rules: [ruleWith(edit)] }).findings[0]?.fix !== undefined;
  const at = (line: number, column: number, end = column) => ({ start: { line, column }, end: { line, column: end } });

  it('keeps plain text inside the quotes and any edit outside the script', () => {
    assert.equal(fixOf({ range: at(2, 37), newText: ' wget' }), true);
    assert.equal(fixOf({ range: at(2, 38), newText: ' && echo "done"' }), true);
  });

  it('drops text the quotes would end or the outer shell would expand, and edits across the quote', () => {
    assert.equal(fixOf({ range: at(2, 37), newText: ' "wget"' }), false);
    assert.equal(fixOf({ range: at(2, 37), newText: ' $PKG' }), false);
    assert.equal(fixOf({ range: at(2, 33, 38), newText: 'wget' }), false);
  });
});

describe('round 15: a rule that reads the bash -c word itself does not report the script twice', () => {
  it('MLD107 reports a nested sh -c "$(curl …)" once, and not a download the script only prints', () => {
    const findings = lint(['MLD107'], [
      'FROM ubuntu:22.04',
      'RUN bash -c \'sh -c "$(curl -fsSL https://example.com/i.sh)"\'',
      'RUN bash -c \'echo "v: $(curl -fsSL https://example.com/V)" > /v\'',
      'RUN ["/bin/bash", "-c", "diff <(curl -fsSL https://example.com/a) /a || true"]',
      'RUN ["sh", "-c", "$(curl -fsSL https://example.com/i.sh)"]',
    ]);
    assert.deepEqual(described(findings), ['MLD107@2:14', 'MLD107@5:6']);
  });

  it('a wrapped RUN reports what the same RUN unwrapped reports, once', () => {
    const bodies = ['apt-get update && apt-get install -y curl', 'pip install torch', 'sudo apt-get install -y git', 'wget https://example.com/a.tgz', 'cd /opt && make'];
    const ids = (lines: string[]): string[] =>
      lintDockerfile(`${lines.join('\n')}\n`)
        .findings.filter((f) => f.range.start.line > 1 && f.ruleId !== 'MLD307')
        .map((f) => f.ruleId)
        .sort();
    for (const body of bodies) {
      assert.deepEqual(ids(['FROM ubuntu:22.04', `RUN bash -c "${body}"`, 'USER 1000']), ids(['FROM ubuntu:22.04', `RUN ${body}`, 'USER 1000']), body);
    }
  });
});
