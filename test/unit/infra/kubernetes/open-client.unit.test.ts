import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { ClientOptions } from '../../../../src/core/kubernetes/client-options';
import { withCredentialFilesRead } from '../../../../src/infra/kubernetes/open-client';
import { useTempDir, writeFile } from '../../support/temp-dir';

const base = (cluster: Partial<ClientOptions['clusters'][number]>, user: Partial<ClientOptions['users'][number]>): ClientOptions => ({
  clusters: [{ name: 'lab', server: 'https://127.0.0.1:6443', skipTLSVerify: false, ...cluster }],
  users: [{ name: 'me', ...user }],
  contexts: [{ name: 'lab', cluster: 'lab', user: 'me' }],
  currentContext: 'lab',
});

describe('infra/kubernetes/open-client: certificate and key files', () => {
  const tmp = useTempDir('open-client');

  it('hands the client library their contents as data (a file wins over data), never a path to read on its own', async () => {
    const ca = await writeFile(tmp(), 'ca.crt', 'CA');
    const cert = await writeFile(tmp(), 'me.crt', 'CERT');
    const key = await writeFile(tmp(), 'me.key', 'KEY');
    const options = await withCredentialFilesRead(base({ caFile: ca, caData: Buffer.from('old').toString('base64') }, { certFile: cert, keyFile: key, token: 't' }));
    assert.deepEqual(options.clusters[0], { name: 'lab', server: 'https://127.0.0.1:6443', skipTLSVerify: false, caData: Buffer.from('CA').toString('base64') });
    assert.deepEqual(options.users[0], { name: 'me', token: 't', certData: Buffer.from('CERT').toString('base64'), keyData: Buffer.from('KEY').toString('base64') });
    const untouched = base({ caData: 'Q0E=' }, { certData: 'Q0VSVA==', keyData: 'S0VZ' });
    assert.deepEqual(await withCredentialFilesRead(untouched), untouched);
  });

  it('refuses a pipe or /dev/zero named as a certificate with a clear error instead of stalling', async () => {
    const fifo = path.join(tmp(), 'ca.pipe');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(withCredentialFilesRead(base({ caFile: fifo }, {})), new RegExp(`cannot read ${fifo}: not a regular file`));
    await assert.rejects(withCredentialFilesRead(base({}, { keyFile: '/dev/zero' })), /cannot read \/dev\/zero: not a regular file/);
  });
});
