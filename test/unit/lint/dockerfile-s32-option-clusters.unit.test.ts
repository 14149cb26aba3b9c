import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { parseDockerfile } from '../../../src/core/lint/dockerfile/parse';
import { pythonInstalls } from '../../../src/core/lint/dockerfile/installs';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

/** The options and packages pip, uv or conda reads from the one RUN `run`. */
function read(run: string): { options: string[]; packages: string[] } {
  const instr = parseDockerfile(`FROM python:3.11\nRUN ${run}\n`).instructions[1];
  const [install] = instr ? pythonInstalls(instr) : [];
  return {
    options: install?.options.map((o) => (o.value ? `${o.name} ${o.value.value}` : o.name)) ?? [],
    packages: install?.packages.map((p) => p.value) ?? [],
  };
}

function ruleIds(text: string): string[] {
  return lintDockerfile(text, { rules: dockerfileRules }).findings.map((f) => f.ruleId);
}

describe('s32: pip, uv and conda options run together (-yc conda-forge, -qr FILE, -e.) are read as their parsers read them', () => {
  it('splits a cluster at the option that takes a value: the rest of the word or the next word is its value', () => {
    assert.deepEqual(read('conda install -yc conda-forge numpy=1.26.4'), { options: ['-y', '-c conda-forge'], packages: ['numpy=1.26.4'] });
    assert.deepEqual(read('pip install -qr requirements.txt'), { options: ['-q', '-r requirements.txt'], packages: [] });
    assert.deepEqual(read('pip install -e.'), { options: ['-e .'], packages: [] });
    assert.deepEqual(read('pip install -Ue ./pkg[gpu]'), { options: ['-U', '-e ./pkg[gpu]'], packages: [] });
    assert.deepEqual(read('uv pip install -rrequirements.txt'), { options: ['-r requirements.txt'], packages: [] });
  });

  it('leaves clusters of flags, long options and -e followed by an option (pip takes it as the value, and fails) as they were', () => {
    assert.deepEqual(read('pip install -qU torch'), { options: ['-qU'], packages: ['torch'] });
    assert.deepEqual(read('pip install --pre -e .'), { options: ['--pre', '-e .'], packages: [] });
    assert.deepEqual(read('pip install -e --pre .'), { options: ['-e --pre'], packages: ['.'] });
  });

  it('no longer reports the channel or requirements file as an unpinned package (MLD203)', () => {
    assert.ok(!ruleIds('FROM continuumio/miniconda3:24.1.2-0\nRUN conda install -yc conda-forge numpy=1.26.4 && conda clean -afy\n').includes('MLD203'));
    assert.ok(!ruleIds('FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -qr requirements.txt\n').includes('MLD203'));
  });

  it('sees `pip install -e.` as an install that keeps pip’s cache (MLD304)', () => {
    assert.ok(ruleIds('FROM python:3.11-slim\nCOPY . /src\nRUN pip install -e/src\n').includes('MLD304'));
  });
});
