import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { packContext } from '../../../src/infra/docker/build-context';
import { dockerFixtures } from './support';

async function listTar(dir: string, dockerfile = 'Dockerfile'): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of await packContext(dir, { dockerfile })) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  const archive = Buffer.concat(chunks);
  assert.equal(archive.length % 512, 0);
  // GNU tar reads it back (and would fail on a bad checksum or truncated entry).
  return execFileSync('tar', ['-tf', '-'], { input: archive, encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('build context tar stream', function () {
  it('sends what .dockerignore leaves, with exceptions inside excluded folders', async function () {
    assert.deepEqual(await listTar(path.join(dockerFixtures, 'build', 'ok')), ['.dockerignore', 'Dockerfile', 'keep.txt', 'models/', 'models/keep.bin']);
  });

  it('refuses a .dockerignore that is a pipe or a link to /dev/zero with a clear error instead of waiting forever', async function () {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlc-ctx-'));
    try {
      await fs.writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      execFileSync('mkfifo', [path.join(dir, '.dockerignore')]);
      await assert.rejects(packContext(dir, { dockerfile: 'Dockerfile' }), /\.dockerignore: not a regular file/);
      await fs.rm(path.join(dir, '.dockerignore'));
      await fs.symlink('/dev/zero', path.join(dir, '.dockerignore'));
      await assert.rejects(packContext(dir, { dockerfile: 'Dockerfile' }), /\.dockerignore: not a regular file/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps long paths (PAX), symlinks and file contents intact', async function () {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlc-ctx-'));
    try {
      const deep = path.join(dir, 'd'.repeat(120), 'e'.repeat(120));
      await fs.mkdir(deep, { recursive: true });
      const payload = Buffer.alloc(300_000, 7);
      await fs.writeFile(path.join(deep, `${'f'.repeat(90)}.bin`), payload);
      await fs.symlink('target-that-need-not-exist', path.join(dir, 'link'));
      await fs.writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
      const names = await listTar(dir);
      assert.ok(names.includes(`${'d'.repeat(120)}/${'e'.repeat(120)}/${'f'.repeat(90)}.bin`), names.join('\n'));
      assert.ok(names.includes('link'));
      const out = path.join(dir, 'out');
      await fs.mkdir(out);
      const chunks: Buffer[] = [];
      for await (const c of await packContext(dir, { dockerfile: 'Dockerfile' })) {
        chunks.push(Buffer.from(c as Uint8Array));
      }
      execFileSync('tar', ['-xf', '-', '-C', out, '--exclude', 'out'], { input: Buffer.concat(chunks) });
      assert.deepEqual(await fs.readFile(path.join(out, 'd'.repeat(120), 'e'.repeat(120), `${'f'.repeat(90)}.bin`)), payload);
      assert.equal(await fs.readlink(path.join(out, 'link')), 'target-that-need-not-exist');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
