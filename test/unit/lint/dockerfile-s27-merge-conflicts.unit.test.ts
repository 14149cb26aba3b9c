import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

/** MLD001's findings as `line message-start`. */
const mld001 = (lines: readonly string[]): string[] =>
  lintDockerfile([...lines, ''].join('\n'), { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD001') }).findings.map((f) => `${f.range.start.line} ${f.message.slice(0, 40)}`);

const conflict = (ours: string, theirs: string) => ['<<<<<<< HEAD', ours, '=======', theirs, '>>>>>>> origin/main'];

describe('s27: MLD001 reports an unresolved merge conflict once, at its <<<<<<< line', () => {
  it('one finding instead of an unknown instruction for each marker line', () => {
    assert.deepEqual(mld001(['FROM python:3.12-slim', ...conflict('RUN pip install torch==2.3.0', 'RUN pip install torch==2.4.0'), 'CMD ["python"]']), ['2 Unresolved merge conflict (lines 2-6); k']);
  });

  it('each conflict once; an unknown instruction outside them is still reported', () => {
    const lines = ['FROM python:3.12-slim', ...conflict('ENV A=1', 'ENV A=2'), 'RUNN pip install flask', ...conflict('ENV B=1', 'ENV B=2')];
    assert.deepEqual(mld001(lines), ['2 Unresolved merge conflict (lines 2-6); k', '7 Unknown instruction "RUNN"; did you mean', '8 Unresolved merge conflict (lines 8-12); ']);
  });

  it('a conflict opened inside a continued RUN: its sides\' lines are not reported on their own', () => {
    assert.deepEqual(mld001(['FROM python:3.12-slim', 'RUN apt-get update && \\', ...conflict('    apt-get install -y git', '    apt-get install -y curl'), 'CMD ["python"]']), ['3 Unresolved merge conflict (lines 3-7); k']);
  });

  it('near miss: markers in a heredoc are the text it writes, even beside an unknown instruction', () => {
    assert.deepEqual(mld001(['FROM python:3.12-slim', 'COPY <<EOF /app/conflicted.txt', ...conflict('a: 1', 'a: 2'), 'EOF', 'RUNN true']), ['9 Unknown instruction "RUNN"; did you mean']);
  });

  it('near miss: an opening marker without its middle and closing lines is an unknown instruction', () => {
    assert.deepEqual(mld001(['FROM python:3.12-slim', '<<<<<<< HEAD', 'RUN true']), ['2 Unknown instruction "<<<<<<<"; use a Doc']);
  });
});
