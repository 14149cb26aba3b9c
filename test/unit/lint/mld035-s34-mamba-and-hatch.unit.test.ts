import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { MappedText } from '../../../src/core/lint/dockerfile/mapped-text';
import { effectiveCommand, programIndex, splitShell } from '../../../src/core/lint/dockerfile/shell';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

const rulesOf = (...ids: string[]) => dockerfileRules.filter((r) => ids.includes(r.meta.id));
const messages = (run: string, id = 'MLD035'): string[] => lintDockerfile(`FROM python:3.11-slim\n${run}\n`, { rules: rulesOf(id) }).findings.map((f) => f.message);

/** The program a shell command runs once its wrappers are passed, with its arguments. */
function program(script: string): string {
  const [command] = splitShell(MappedText.build([{ text: script, line: 1, column: 1 }])).commands;
  const eff = command ? effectiveCommand(command) : undefined;
  return eff ? [eff.name, ...eff.args.map((a) => a.value)].join(' ') : '';
}

describe('s34: MLD035 for mamba and micromamba; hatch root options before run', () => {
  it('micromamba takes the option as the channel or file, finds none and installs nothing', () => {
    assert.deepEqual(messages('RUN micromamba install -y -n base -c --override-channels pytorch==2.3.1'), [
      '-c takes the next word as its value, so micromamba takes --override-channels as the channel and finds no channel of that name, installing nothing; put the channel right after -c.',
    ]);
    assert.deepEqual(messages('RUN /opt/conda/bin/micromamba install -y -f --dry-run environment.yml'), [
      '-f takes the next word as its value, so micromamba takes --dry-run as the file to read and finds no such file, installing nothing; put the file right after -f (-f environment.yml --dry-run).',
    ]);
  });

  it('mamba fails under either parser: mamba 1 refuses the command, mamba 2 finds no such channel', () => {
    assert.deepEqual(messages('RUN mamba install -y -c --strict-channel-priority pytorch==2.3.1'), [
      '-c needs a value, but the next word is the option --strict-channel-priority, so mamba installs nothing: mamba 1 stops with an error, and mamba 2 takes --strict-channel-priority as the channel and finds no channel of that name; put the channel right after -c.',
    ]);
  });

  it('leaves what may still build: micromamba names an environment after the option, and mamba 1 may read -f as --force', () => {
    assert.deepEqual(messages('RUN micromamba create -y -n --yes python=3.11'), []);
    assert.deepEqual(messages('RUN micromamba install -y -p --yes numpy==2.1.0'), []);
    assert.deepEqual(messages('RUN mamba install -y -f --dry-run environment.yml'), []);
    assert.deepEqual(messages('RUN micromamba install -y -c conda-forge --override-channels pytorch==2.3.1'), []);
  });

  it('reads the program past hatch root options before run (-e/--env, -p/--project, the data, cache and config paths)', () => {
    assert.equal(program('hatch -e test run pip install torch'), 'pip install torch');
    assert.equal(program('hatch --env test run python -m pip install x'), 'python -m pip install x');
    assert.equal(program('hatch --env=test -v --no-color run pip install x'), 'pip install x');
    assert.equal(program('hatch -p app --data-dir /d --cache-dir /c --config /h.toml run pip install x'), 'pip install x');
    assert.equal(programIndex(6, (k) => ['hatch', '-e', 'prod', 'run', 'python', 'serve.py'][k] as string), 4);
    assert.equal(program('hatch -e test shell'), 'hatch -e test shell');
    assert.equal(program('hatch -e test env create'), 'hatch -e test env create');
    assert.equal(program('poetry -C /app install'), 'poetry -C /app install');
  });

  it('so MLD035 and MLD203 reach the pip that hatch -e runs', () => {
    assert.equal(messages('RUN hatch -e test run pip install --no-cache-dir -e --pre .').length, 1);
    assert.match(messages('RUN hatch -e test run pip install --no-cache-dir torch', 'MLD203')[0] ?? '', /^torch is not pinned/);
  });
});
