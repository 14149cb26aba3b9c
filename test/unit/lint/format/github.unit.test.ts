import * as assert from 'node:assert/strict';
import { renderGithub } from '../../../../src/core/lint/format/github';
import type { LintedFile } from '../../../../src/core/lint/format/report';
import type { Finding, RuleMeta } from '../../../../src/core/lint/types';
import { useLintRepo } from '../support/lint-repo';

const meta = new Map([['MLK101', { id: 'MLK101', name: 'privileged-container' } as RuleMeta]]);
const at = (line: number, column: number, endColumn: number) => ({ start: { line, column }, end: { line, column: endColumn } });

describe('lint --format github (GitHub Actions annotations)', () => {
  it('writes one workflow command per finding, errors as error, warnings as warning, info and hints as notice', () => {
    const findings: Finding[] = [
      { ruleId: 'MLK101', severity: 'warning', message: 'runs privileged', range: at(3, 5, 9) },
      { ruleId: 'MLK002', severity: 'error', message: 'bad', range: at(1, 1, 2) },
      { ruleId: 'MLK104', severity: 'info', message: 'info', range: at(4, 1, 2) },
      { ruleId: 'MLK999', severity: 'hint', message: 'hint', range: at(5, 1, 2) },
    ];
    assert.equal(renderGithub([{ file: 'k8s/pod.yaml', findings, lines: [] }], meta), [
      '::error file=k8s/pod.yaml,line=1,col=1,endLine=1,endColumn=2,title=MLK002::bad\n',
      '::warning file=k8s/pod.yaml,line=3,col=5,endLine=3,endColumn=9,title=MLK101 privileged-container::runs privileged\n',
      '::notice file=k8s/pod.yaml,line=4,col=1,endLine=4,endColumn=2,title=MLK104::info\n',
      '::notice file=k8s/pod.yaml,line=5,col=1,endLine=5,endColumn=2,title=MLK999::hint\n',
    ].join(''));
  });

  it('escapes what would end a property or the message, so no file can forge a command or a line', () => {
    const file: LintedFile = { file: 'a,b:c%.yaml', findings: [{ ruleId: 'MLK101', severity: 'warning', message: '100% \n::error file=x::forged\r\u001b[2J', range: at(1, 1, 2) }], lines: [] };
    const out = renderGithub([file], meta);
    assert.equal(out, '::warning file=a%2Cb%3Ac%25.yaml,line=1,col=1,endLine=1,endColumn=2,title=MLK101 privileged-container::100%25 \\n::error file=x::forged\\r\\x1b[2J\n');
    assert.equal(out.split('\n').length, 2, 'one line');
  });

  describe('mlc lint --format github', () => {
    const { write, lint } = useLintRepo('github-format');

    it('annotates the findings of a run, with the same exit code as other formats', async () => {
      write('k8s/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext: {privileged: true}\n');
      const r = await lint('--format', 'github', '--failure-threshold', 'warning');
      assert.equal(r.code, 1);
      assert.match(r.out, /^::warning file=k8s\/pod\.yaml,line=8,col=\d+,endLine=8,endColumn=\d+,title=MLK101 privileged-container::container "c" runs privileged/m);
      assert.ok(r.out.split('\n').filter(Boolean).every((l) => /^::(error|warning|notice) file=/.test(l)), r.out);
      assert.match((await lint('--format', 'nope')).err, /--format must be one of text, json, sarif, github/);
    });
  });
});
