import * as assert from 'node:assert/strict';
import { parseEnvFile } from '../../../src/core/docker/env-file';

describe('core/docker/env-file (docker --env-file rules)', () => {
  it('reads KEY=VALUE lines literally, skips comments and blanks, CRLF and BOM tolerated', () => {
    const text = '\uFEFF# training settings\r\nLR=3e-4\r\n\r\n  BATCH=64\r\nNAME="quoted stays quoted"\r\nURL=http://x/?a=b\r\nEMPTY=\r\n';
    assert.deepEqual(parseEnvFile(text), { env: ['LR=3e-4', 'BATCH=64', 'NAME="quoted stays quoted"', 'URL=http://x/?a=b', 'EMPTY='], problems: [] });
  });

  it('takes a bare KEY from the environment, or leaves it out when unset', () => {
    assert.deepEqual(parseEnvFile('HF_TOKEN\nMISSING\n', { HF_TOKEN: 'hf_x' }).env, ['HF_TOKEN=hf_x']);
  });

  it('reports lines it cannot use, with their numbers', () => {
    assert.deepEqual(parseEnvFile('=value\nMY VAR=1\nOK=1').problems, [
      { line: 1, message: 'no variable name before "="' },
      { line: 2, message: 'variable "MY VAR" contains whitespace' },
    ]);
  });
});
