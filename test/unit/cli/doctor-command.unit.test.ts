import * as assert from 'node:assert/strict';
import { parseDoctorArgs, runDoctorCommand } from '../../../src/cli/doctor-command';

function sink(): { write(text: string): boolean; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
      return true;
    },
  };
}

describe('cli/doctor-command', () => {
  describe('parseDoctorArgs', () => {
    it('defaults to text', () => {
      assert.deepEqual(parseDoctorArgs([]), { format: 'text' });
    });

    it('takes --format VALUE and --format=VALUE', () => {
      assert.deepEqual(parseDoctorArgs(['--format', 'json']), { format: 'json' });
      assert.deepEqual(parseDoctorArgs(['--format=markdown']), { format: 'markdown' });
      assert.deepEqual(parseDoctorArgs(['--format=text']), { format: 'text' });
    });

    it('lets the last --format win', () => {
      assert.deepEqual(parseDoctorArgs(['--format=json', '--format', 'markdown']), { format: 'markdown' });
    });

    it('rejects an unknown format, listing the known ones', () => {
      assert.deepEqual(parseDoctorArgs(['--format', 'yaml']), { error: '--format must be one of text, json, markdown' });
      assert.deepEqual(parseDoctorArgs(['--format=']), { error: '--format must be one of text, json, markdown' });
      assert.deepEqual(parseDoctorArgs(['--format', 'JSON']), { error: '--format must be one of text, json, markdown' });
    });

    it('rejects unknown options and stray arguments', () => {
      assert.deepEqual(parseDoctorArgs(['--verbose']), { error: 'unknown option "--verbose"' });
      assert.deepEqual(parseDoctorArgs(['--format', 'json', 'extra']), { error: 'unknown option "extra"' });
      assert.deepEqual(parseDoctorArgs(['-f', 'json']), { error: 'unknown option "-f"' });
    });

    it('rejects --format without a value', () => {
      const parsed = parseDoctorArgs(['--format']);
      assert.ok('error' in parsed, 'an error');
      assert.match(parsed.error, /--format/);
      assert.doesNotMatch(parsed.error, /unknown option/);
    });
  });

  describe('runDoctorCommand', () => {
    it('exits 2 with a usage message on bad arguments, before gathering anything', async () => {
      const out = sink();
      const err = sink();
      assert.equal(await runDoctorCommand(['--format', 'yaml'], out, err), 2);
      assert.equal(err.text, 'mlc doctor: --format must be one of text, json, markdown\n');
      assert.equal(out.text, '');
    });
  });
});
