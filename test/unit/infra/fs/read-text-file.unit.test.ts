import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { readSmallFile, readTextFile } from '../../../../src/infra/fs/read-text-file';
import { useTempDir, writeFile } from '../../support/temp-dir';

describe('infra/fs/read-text-file', () => {
  const tmp = useTempDir('read-text');

  it('reads a UTF-8 text file', async () => {
    const file = await writeFile(tmp(), 'config.json', '{"currentContext":"naïve ✓"}\n');
    assert.deepEqual(await readTextFile(file), { ok: true, text: '{"currentContext":"naïve ✓"}\n' });
  });

  it('reads an empty file as empty text', async () => {
    const file = await writeFile(tmp(), 'empty', '');
    assert.deepEqual(await readTextFile(file), { ok: true, text: '' });
  });

  it('says a missing file is missing', async () => {
    assert.deepEqual(await readTextFile(path.join(tmp(), 'nope.json')), { ok: false, reason: 'missing', message: 'does not exist' });
  });

  it('says a path below a regular file is missing (ENOTDIR)', async () => {
    const file = await writeFile(tmp(), 'plain', 'x');
    assert.deepEqual(await readTextFile(path.join(file, 'config')), { ok: false, reason: 'missing', message: 'does not exist' });
  });

  it('refuses a directory', async () => {
    await fs.mkdir(path.join(tmp(), 'config.json'));
    assert.deepEqual(await readTextFile(path.join(tmp(), 'config.json')), { ok: false, reason: 'not-a-file', message: 'not a regular file' });
  });

  it('refuses a file over the size limit without reading it, and accepts one at the limit', async () => {
    const big = await writeFile(tmp(), 'big', 'x'.repeat(11));
    assert.deepEqual(await readTextFile(big, 10), { ok: false, reason: 'too-large', message: '11 bytes, more than the 10 allowed' });
    const exact = await writeFile(tmp(), 'exact', 'y'.repeat(10));
    assert.deepEqual(await readTextFile(exact, 10), { ok: true, text: 'yyyyyyyyyy' });
  });

  it('has a 4 MiB default limit', async () => {
    const file = path.join(tmp(), 'huge');
    await fs.writeFile(file, Buffer.alloc(4 * 1024 * 1024 + 1, 0x61));
    const read = await readTextFile(file);
    assert.equal(read.ok, false);
    assert.equal(!read.ok && read.reason, 'too-large');
  });

  it('refuses binary content', async () => {
    const file = await writeFile(tmp(), 'kubeconfig.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00]));
    assert.deepEqual(await readTextFile(file), { ok: false, reason: 'binary', message: 'binary content, not text' });
  });

  describe('readSmallFile', () => {
    it('reads the bytes of a regular file', async () => {
      const file = await writeFile(tmp(), 'ca.crt', '-----BEGIN CERTIFICATE-----\n');
      assert.equal((await readSmallFile(file)).toString('utf8'), '-----BEGIN CERTIFICATE-----\n');
    });

    it('refuses a pipe, /dev/zero, a folder and a file over the limit, naming the file, without waiting on them', async () => {
      const fifo = path.join(tmp(), 'token');
      execFileSync('mkfifo', [fifo]);
      await assert.rejects(readSmallFile(fifo), new RegExp(`^Error: cannot read ${fifo}: not a regular file$`));
      const zero = path.join(tmp(), 'zero.crt');
      await fs.symlink('/dev/zero', zero);
      await assert.rejects(readSmallFile(zero), /cannot read \S+zero\.crt: not a regular file/);
      await assert.rejects(readSmallFile(tmp()), /: not a regular file/);
      const big = await writeFile(tmp(), 'big.key', 'k'.repeat(11));
      await assert.rejects(readSmallFile(big, 10), /cannot read \S+big\.key: 11 bytes, more than the 10 allowed/);
      await assert.rejects(readSmallFile(path.join(tmp(), 'missing')), /cannot read \S+missing: ENOENT/);
    });
  });
});
