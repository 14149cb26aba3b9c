import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import type { ComposeLintOptions } from '../../../../src/core/lint/compose/lint';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { composeRules } from '../../../../src/core/lint/rules/compose';
import type { Finding } from '../../../../src/core/lint/types';

const rule = composeRules.find((r) => r.meta.id === 'MLC011');

function lint(text: string, options: ComposeLintOptions = {}): Finding[] {
  assert.ok(rule, 'MLC011 is registered');
  return lintCompose(text, { path: 'compose.yaml', rules: [rule], ...options }).findings;
}

const undeclared = ['services:', '  app:', '    image: acme/app:1.0', '    volumes:', '      - hfcache:/root/.cache', ''].join('\n');

describe('MLC011 volume-undefined (s31)', () => {
  it('reports a named volume the file does not declare, with what Compose says and what to do', () => {
    const [f, ...rest] = lint(undeclared);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.match(f.message, /"hfcache", which no top-level `volumes:` entry declares.*refers to undefined volume.*declare it there \(`hfcache: \{\}`\) or mount a host folder instead \(\.\/hfcache\)/);
  });

  it('declares the volume at the top level as its fix, after which the file is clean', () => {
    const [f] = lint(undeclared);
    assert.ok(f?.fix);
    const fixed = applyTextEdits(undeclared, f.fix.edits);
    assert.match(fixed, /\nvolumes:\n {2}hfcache: \{\}\n$/);
    assert.deepEqual(lint(fixed), []);
  });

  it('adds the declaration to a top-level volumes: that lacks it', () => {
    const text = `${undeclared}volumes:\n  models: {}\n`;
    const [f] = lint(text);
    assert.ok(f?.fix);
    assert.deepEqual(lint(applyTextEdits(text, f.fix.edits)), []);
  });

  it('is silent when another file may declare the volume: an override file, the main file of a variant, an including project', () => {
    const override = 'services:\n  app:\n    environment: [DEBUG=1]\n';
    assert.deepEqual(lint(undeclared, { overrideFile: override }), []);
    assert.deepEqual(lint(undeclared, { path: 'docker-compose.gpu.yml', baseFile: 'services:\n  app:\n    image: acme/app:1.0\nvolumes:\n  hfcache: {}\n' }), []);
    assert.deepEqual(lint(undeclared, { projectServices: ['web'] }), []);
    assert.deepEqual(lint(`include:\n  - storage.yaml\n${undeclared}`), []);
    assert.deepEqual(lint(undeclared, { path: 'compose.override.yaml' }), []);
  });

  it('judges a file of another name only when it declares volumes of its own (extends bases need not be valid alone)', () => {
    assert.deepEqual(lint(undeclared, { path: 'common-services.yml' }), []);
    assert.equal(lint(`${undeclared}volumes:\n  models: {}\n`, { path: 'common-services.yml' }).length, 1);
  });

  it('leaves a fragment (no image or build) to the file that extends it', () => {
    assert.deepEqual(lint('services:\n  gpu:\n    volumes:\n      - hfcache:/root/.cache\n'), []);
  });

  it('reports a placeholder or a relative path without ./ in any file, as no volume can have that name', () => {
    const text = ['services:', '  app:', '    volumes:', '      - <data_dir>:/data', '      - models/llama:/models', ''].join('\n');
    const findings = lint(text, { path: 'compose.override.yaml' });
    assert.deepEqual(findings.map((f) => f.range.start.line), [4, 5]);
    assert.match(findings[0]?.message ?? '', /placeholder.*\.\/data_dir/);
    assert.match(findings[1]?.message ?? '', /not a host path.*write \.\/models\/llama/);
    assert.equal(applyTextEdits(text, findings[1]?.fix?.edits ?? []).split('\n')[4], '      - ./models/llama:/models');
  });

  it('takes a Windows drive and a named pipe for host paths, and a `$` source as unknown', () => {
    const text = ['services:', '  app:', '    image: acme/app:1.0', '    volumes:', '      - C:\\data:/data', '      - \\\\.\\pipe\\docker_engine:/pipe', '      - ${DATA}:/data', '      - data$$:/x', ''].join('\n');
    assert.deepEqual(lint(text), []);
  });
});
