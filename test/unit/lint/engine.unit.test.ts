import * as assert from 'node:assert/strict';
import { emptyConfig, parseMlcConfig } from '../../../src/core/lint/config';
import type { MlcConfig } from '../../../src/core/lint/config';
import { clampRange, lintDockerfile } from '../../../src/core/lint/engine';
import type { DockerfileRule } from '../../../src/core/lint/rule';
import type { Equivalents, Severity } from '../../../src/core/lint/types';

/** A fake rule that flags the keyword of every instruction named `keyword`. */
function fakeRule(id: string, keyword: string, opts: { equivalents?: Equivalents; severity?: Severity; enabledByDefault?: boolean; supersedes?: string[]; anchorCode?: string } = {}): DockerfileRule {
  return {
    meta: {
      id,
      name: `fake-${id.toLowerCase()}`,
      family: 'correctness',
      severity: opts.severity ?? 'warning',
      enabledByDefault: opts.enabledByDefault ?? true,
      fixable: false,
      ml: false,
      equivalents: opts.equivalents ?? {},
      description: 'A fake rule for engine tests.',
      ...(opts.supersedes ? { supersedes: opts.supersedes } : {}),
    },
    check: ({ model }) =>
      model.parsed.instructions
        .filter((i) => i.keyword === keyword)
        .map((i) => ({ range: { start: { line: i.endLine, column: 1 }, end: { line: i.endLine, column: 2 } }, message: `${id} on ${keyword}`, ...(opts.anchorCode ? { anchorCode: opts.anchorCode } : {}) })),
  };
}

const ids = (text: string, rules: DockerfileRule[], config?: MlcConfig, path?: string): string[] =>
  lintDockerfile(text, { rules, ...(config ? { config } : {}), ...(path ? { path } : {}) }).findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.severity}`);

function config(yaml: string): MlcConfig {
  const r = parseMlcConfig(yaml);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
  return r.config;
}

describe('lint engine: suppressions', () => {
  const rules = [fakeRule('MLD901', 'RUN'), fakeRule('MLD902', 'RUN')];

  it('# mlc-ignore applies to the next instruction, including its continuation lines', () => {
    const text = 'FROM a\n# mlc-ignore MLD901 -- tracked in INFRA-1\n\nRUN apt-get update && \\\n    apt-get install -y x\nRUN echo\n';
    assert.deepEqual(ids(text, rules), ['MLD902@5:warning', 'MLD901@6:warning', 'MLD902@6:warning']);
  });

  it('# mlc-ignore without IDs suppresses every rule; commas and spaces separate IDs', () => {
    assert.deepEqual(ids('FROM a\n# mlc-ignore\nRUN x\n', rules), []);
    assert.deepEqual(ids('FROM a\n# mlc-ignore MLD901,MLD902\nRUN x\n# mlc-ignore MLD901 MLD902\nRUN y\n', rules), []);
  });

  it('a # after instruction text is not a suppression (it is part of the arguments)', () => {
    assert.deepEqual(ids('FROM a\nRUN x # mlc-ignore MLD901\n', rules), ['MLD901@2:warning', 'MLD902@2:warning']);
  });

  it('# mlc-ignore-file applies anywhere in the file', () => {
    assert.deepEqual(ids('FROM a\nRUN x\n# mlc-ignore-file MLD902\n', rules), ['MLD901@2:warning']);
  });

  it('maps # hadolint ignore=DLxxxx through the equivalents, per anchor code for merged rules', () => {
    const hl = [
      fakeRule('MLD903', 'RUN', { equivalents: { hadolint: ['DL3008', 'DL3018'] }, anchorCode: 'DL3018' }),
      fakeRule('MLD904', 'RUN', { equivalents: { hadolint: ['DL3004'] } }),
    ];
    assert.deepEqual(ids('FROM a\n# hadolint ignore=DL3008,SC2086\nRUN apk add x\n', hl), ['MLD903@3:warning', 'MLD904@3:warning']);
    assert.deepEqual(ids('FROM a\n# hadolint ignore=DL3018,DL3004\nRUN apk add x\n', hl), []);
    assert.deepEqual(ids('# hadolint global ignore=DL3004\nFROM a\nRUN x\nRUN y\n', hl), ['MLD903@3:warning', 'MLD903@4:warning']);
  });

  it('maps # check=skip= (BuildKit names) and honours compat.foreignPragmas: false', () => {
    const bk = [fakeRule('MLD905', 'RUN', { equivalents: { buildkit: ['UndefinedVar'] } }), fakeRule('MLD906', 'RUN')];
    assert.deepEqual(ids('# check=skip=UndefinedVar\nFROM a\nRUN x\n', bk), ['MLD906@3:warning']);
    assert.deepEqual(ids('# check=skip=all\nFROM a\nRUN x\n', bk), ['MLD906@3:warning']);
    assert.deepEqual(ids('# check=skip=UndefinedVar\nFROM a\nRUN x\n', bk, config('compat: { foreignPragmas: false }')), ['MLD905@3:warning', 'MLD906@3:warning']);
  });

  it('ignores inline pragmas in audit mode', () => {
    const r = lintDockerfile('FROM a\n# mlc-ignore\nRUN x\n', { rules, noInlineIgnores: true });
    assert.equal(r.findings.length, 2);
  });
});

describe('lint engine: configuration', () => {
  it('applies severity overrides, off, and on for off-by-default rules', () => {
    const rules = [fakeRule('MLD911', 'RUN'), fakeRule('MLD912', 'RUN'), fakeRule('MLD913', 'RUN', { enabledByDefault: false, severity: 'info' })];
    assert.deepEqual(ids('FROM a\nRUN x\n', rules), ['MLD911@2:warning', 'MLD912@2:warning']);
    assert.deepEqual(ids('FROM a\nRUN x\n', rules, config('rules:\n  MLD911: error\n  MLD912: off\n  MLD913: on\n')), ['MLD911@2:error', 'MLD913@2:info']);
    assert.deepEqual(ids('FROM a\nRUN x\n', rules, config('rules:\n  MLD913: { severity: hint }\n  MLD911: { options: { x: 1 } }\n')), ['MLD911@2:warning', 'MLD912@2:warning', 'MLD913@2:hint']);
  });

  it('applies ignore entries by path and by rule', () => {
    const rules = [fakeRule('MLD921', 'RUN'), fakeRule('MLD922', 'RUN')];
    const c = config('ignore:\n  - paths: ["vendor/**"]\n  - paths: ["docker/*.Dockerfile"]\n    rules: [MLD921]\n  - rules: [MLD922]\n');
    assert.deepEqual(ids('FROM a\nRUN x\n', rules, c, 'vendor/x/Dockerfile'), []);
    assert.deepEqual(ids('FROM a\nRUN x\n', rules, c, 'docker/train.Dockerfile'), []);
    assert.deepEqual(ids('FROM a\nRUN x\n', rules, c, 'Dockerfile'), ['MLD921@2:warning']);
  });

  it('lets a rule supersede another on the same line', () => {
    const rules = [fakeRule('MLD931', 'FROM', { supersedes: ['MLD932'] }), fakeRule('MLD932', 'FROM'), fakeRule('MLD933', 'FROM')];
    assert.deepEqual(ids('FROM a\n', rules), ['MLD931@1:warning', 'MLD933@1:warning']);
  });

  it('turns a throwing rule into a problem instead of crashing', () => {
    const bad: DockerfileRule = { ...fakeRule('MLD941', 'RUN'), check: () => { throw new Error('boom'); } };
    const r = lintDockerfile('FROM a\n', { rules: [bad, fakeRule('MLD942', 'FROM')] });
    assert.deepEqual(r.problems, [{ message: 'internal error in rule MLD941: boom' }]);
    assert.equal(r.findings.length, 1);
  });
});

describe('.mlc.yaml parsing', () => {
  it('accepts the catalogue example', () => {
    const r = parseMlcConfig(`extends: ../.mlc.yaml
failOn: warning
kubernetesVersion: "1.33"
rules:
  MLD204: off
  MLK306: warning
  MLK421: on
  MLD202: { severity: error, options: { floatingTags: [latest, stable, nightly] } }
  MLD407: { options: { minBytes: 10485760 } }
ignore:
  - paths: ["vendor/**", "third_party/**"]
  - paths: ["deploy/rdma/**"]
    rules: [MLK108, MLK418]
    reason: GPUDirect RDMA node pool
  - kind: DaemonSet
    namespace: gpu-operator
    rules: [MLK101]
images:
  registry.example/acme/trainer: docker/train.Dockerfile
dockerfiles:
  docker/train.Dockerfile: { context: ".", target: runtime }
buildArgs: { CUDA_VERSION: "12.4.1" }
trustedRegistries: [registry.example]
generatedPaths: ["dist/**"]
secrets: { allow: [MY_TOKEN_BUDGET], names: [ACME_API_TOKEN] }
cluster:
  gpuTaintKey: nvidia.com/gpu
project: { cpuOnly: false }
compose: { minVersion: "2.30" }
ml: { bakeWeights: false }
requireReasons: false
compat: { foreignPragmas: true, hadolintConfig: false }
`);
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    assert.equal(r.config.failOn, 'warning');
    assert.deepEqual(r.config.rules.MLD204, { severity: 'off' });
    assert.deepEqual(r.config.rules.MLD407, { options: { minBytes: 10485760 } });
    assert.deepEqual(r.config.trustedRegistries, ['registry.example']);
    assert.equal(r.config.dockerfiles['docker/train.Dockerfile']?.target, 'runtime');
    assert.equal(r.config.buildArgs.CUDA_VERSION, '12.4.1');
  });

  it('rejects invalid files with every problem named', () => {
    const r = parseMlcConfig('failOn: sometimes\nrules:\n  MLD204: loud\n  NOPE: off\nbogus: 1\n');
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.errors, [
      'unknown setting "bogus"',
      'failOn must be one of error, warning, info, hint, none',
      'rules.MLD204 must be one of error, warning, info, hint, off, on',
      'rules: "NOPE" is not a rule ID (e.g. MLD204)',
    ]);
    assert.equal(parseMlcConfig('- a\n- b\n').ok, false);
    assert.equal(parseMlcConfig('rules: {}\nrules: {}\n').ok, false);
    assert.equal(parseMlcConfig('a: [\n').ok, false);
  });

  it('treats an empty file as the defaults and refuses an alias bomb quickly', () => {
    const empty = parseMlcConfig('');
    assert.ok(empty.ok);
    assert.deepEqual(empty.config, emptyConfig());
    // Nested under a known key, so only the alias limit can make it fail.
    const lines = ['cluster:', '  a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let n = 1; n < 12; n++) {
      lines.push(`  ${String.fromCharCode(97 + n)}: &${String.fromCharCode(97 + n)} [${Array(10).fill(`*${String.fromCharCode(96 + n)}`).join(',')}]`);
    }
    const bomb = parseMlcConfig(lines.join('\n'));
    assert.equal(bomb.ok, false);
    assert.match(bomb.ok ? '' : bomb.errors.join(), /alias/i);
  });
});

describe('lint engine: foreign pragmas with the real rules', () => {
  it('maps # hadolint ignore per anchor code: DL3008 hides apt findings of MLD204, not apk ones (DL3018)', () => {
    const text = [
      'FROM ubuntu:22.04',
      '# hadolint ignore=DL3008',
      'RUN apt-get update && apt-get install -y curl && apk add --no-cache bash',
      'USER 10001',
    ].join('\n');
    const findings = lintDockerfile(text).findings.filter((f) => f.ruleId === 'MLD204');
    assert.deepEqual(findings.map((f) => `${f.range.start.line}:${f.range.start.column}:${f.anchorCode ?? ''}`), ['3:69:DL3018']);
  });

  it('maps # check=skip=UndefinedArgInFrom to MLD006 and a DL3006 global ignore to MLD201', () => {
    const text = '# check=skip=UndefinedArgInFrom\n# hadolint global ignore=DL3006\nFROM python:$PY\nFROM ubuntu AS b\nUSER 10001\n';
    assert.deepEqual(lintDockerfile(text).findings.map((f) => f.ruleId), []);
    const without = lintDockerfile('FROM python:$PY\nFROM ubuntu AS b\nUSER 10001\n').findings.map((f) => f.ruleId);
    assert.deepEqual(without, ['MLD006', 'MLD201']);
  });

  it('lets MLD402 supersede the generic tag rules and keeps fixes as text edits', () => {
    const r = lintDockerfile('FROM nvidia/cuda:latest\nUSER 10001\nRUNN echo\n');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['MLD402', 'MLD001']);
    assert.deepEqual(r.findings[1]?.fix?.edits, [{ range: { start: { line: 3, column: 1 }, end: { line: 3, column: 5 } }, newText: 'RUN' }]);
  });
});

describe('core/lint/engine clampRange', () => {
  it('keeps finding ranges inside their lines, even past an unterminated heredoc', () => {
    assert.deepEqual(clampRange({ start: { line: 2, column: 3 }, end: { line: 2, column: 9 } }, [4, 5]), { start: { line: 2, column: 3 }, end: { line: 2, column: 6 } });
    assert.deepEqual(clampRange({ start: { line: 9, column: 1 }, end: { line: 9, column: 2 } }, [4, 5]), { start: { line: 2, column: 1 }, end: { line: 2, column: 2 } });
    const text = 'FROM ubuntu\nrun <<EOF\necho "unterminated\nNOPE\nrun <<EOF\npip install -i https://user:secret@pypi.example/simple \nEOF \\\n';
    const lines = text.split('\n');
    for (const f of lintDockerfile(text).findings) {
      for (const p of [f.range.start, f.range.end]) {
        assert.ok(p.line >= 1 && p.line <= lines.length, `${f.ruleId} line ${p.line}`);
        assert.ok(p.column >= 1 && p.column <= (lines[p.line - 1]?.length ?? 0) + 1, `${f.ruleId} ${p.line}:${p.column}`);
      }
    }
  });
});
