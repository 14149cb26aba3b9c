import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { writeFix, type FixTarget } from '../../../src/cli/lint-fix';
import { parseYaml } from '../../../src/core/lint/yaml/parse';
import { useLintRepo } from './support/lint-repo';

const dockerfile = 'FROM python:3.11-slim\nRUN pip install fastapi==0.115.0\nUSER 10001\n';
const fixedDockerfile = 'FROM python:3.11-slim\nRUN pip install --no-cache-dir fastapi==0.115.0\nUSER 10001\n';

/** A Deployment whose container two rules each fix by inserting `securityContext:` at the same place. */
const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: api}',
  'spec:',
  '  selector: {matchLabels: {app: api}}',
  '  template:',
  '    metadata: {labels: {app: api}}',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: registry.example/api:1.0',
  '',
].join('\n');

describe('mlc lint --fix and --diff', () => {
  const repo = useLintRepo('fix');
  const { write, lint, lintPiped } = repo;
  const read = (rel: string) => fs.readFileSync(path.join(repo.root, rel), 'utf8');

  it('--diff prints the fixes as a unified diff, writes nothing and exits 1; with nothing to fix it exits 0', async () => {
    write('Dockerfile', dockerfile);
    const r = await lint('--diff', 'Dockerfile');
    assert.equal(r.code, 1, r.err);
    assert.equal(r.out, ['--- a/Dockerfile', '+++ b/Dockerfile', '@@ -1,3 +1,3 @@', ' FROM python:3.11-slim', '-RUN pip install fastapi==0.115.0', '+RUN pip install --no-cache-dir fastapi==0.115.0', ' USER 10001', ''].join('\n'));
    assert.match(r.err, /would make 1 fix\(es\) in 1 file\(s\)/);
    assert.equal(read('Dockerfile'), dockerfile);
    write('Dockerfile', fixedDockerfile);
    const clean = await lint('--diff', 'Dockerfile');
    assert.deepEqual([clean.code, clean.out], [0, '']);
  });

  it('--fix writes the fixes, then reports what is left at its new positions', async () => {
    write('Dockerfile', dockerfile);
    const r = await lint('--fix', '--format', 'json', 'Dockerfile');
    assert.equal(read('Dockerfile'), fixedDockerfile);
    assert.match(r.err, /made 1 fix\(es\) in 1 file\(s\)/);
    const left = JSON.parse(r.out) as { ruleId: string; line: number }[];
    assert.ok(!left.some((f) => f.ruleId === 'MLD304'), 'the fixed finding is gone');
    const plain = await lint('--format', 'json', 'Dockerfile');
    assert.deepEqual(left, JSON.parse(plain.out), 'the same report as a run on the fixed file');
    assert.equal(r.code, plain.code);
  });

  it('fixes that insert the same key wait for a later pass: the manifest gets one securityContext, and stays valid YAML', async () => {
    write('k8s/api.yaml', deployment);
    await lint('--fix', 'k8s');
    const fixed = read('k8s/api.yaml');
    assert.equal(fixed.match(/securityContext:/g)?.length, 1, fixed);
    assert.match(fixed, /allowPrivilegeEscalation: false/);
    assert.match(fixed, /drop: \[ALL\]/);
    assert.deepEqual(parseYaml(fixed).documents.flatMap((d) => d.issues.map((i) => i.message)), []);
    const again = await lint('--diff', 'k8s');
    assert.equal(again.code, 0, `a second --fix has nothing left to do:\n${again.out}`);
  });

  it('keeps a byte-order mark and CRLF line ends', async () => {
    write('Dockerfile', Buffer.from(`\uFEFF${dockerfile.replace(/\n/g, '\r\n')}`, 'utf8'));
    write('k8s/api.yaml', deployment.replace(/\n/g, '\r\n'));
    await lint('--fix');
    const bytes = fs.readFileSync(path.join(repo.root, 'Dockerfile'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), fixedDockerfile.replace(/\n/g, '\r\n'));
    const manifest = read('k8s/api.yaml');
    assert.notEqual(manifest, deployment.replace(/\n/g, '\r\n'), 'fixed');
    assert.doesNotMatch(manifest, /[^\r]\n/, 'every inserted line ends with CRLF');
  });

  it('refuses to write over a file that changed since it was linted, or that is not UTF-8', async () => {
    write('Dockerfile', dockerfile);
    const file = path.join(repo.root, 'Dockerfile');
    const target: FixTarget = { file, shown: 'Dockerfile', text: dockerfile, findings: [], relint: () => Promise.resolve([]) };
    write('Dockerfile', `${dockerfile}# edited meanwhile\n`);
    assert.match((await writeFix({ target, after: fixedDockerfile, fixes: 1 })) ?? '', /changed while it was linted/);
    assert.equal(read('Dockerfile'), `${dockerfile}# edited meanwhile\n`);
    const latin1 = Buffer.concat([Buffer.from('FROM python:3.11-slim\nLABEL maintainer="Jos'), Buffer.from([0xe9]), Buffer.from('"\n', 'utf8'), Buffer.from(dockerfile.split('\n').slice(1).join('\n'))]);
    write('Dockerfile', latin1);
    const r = await lint('--fix', 'Dockerfile');
    assert.deepEqual(fs.readFileSync(file), latin1, 'the bytes are kept');
    assert.equal(r.code, 2);
    assert.match(r.err, /Dockerfile: not fixed: .*not valid UTF-8/);
  });

  it('refuses --fix on standard input and --fix with --diff; --diff reads standard input', async () => {
    for (const args of [['--fix', '-'], ['--fix', '--diff']]) {
      const r = await lintPiped(dockerfile, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /--fix/);
    }
    const piped = await lintPiped(dockerfile, '--diff', '-', '--stdin-filename', 'Dockerfile');
    assert.equal(piped.code, 1, piped.err);
    assert.match(piped.out, /\+RUN pip install --no-cache-dir fastapi==0\.115\.0/);
  });

  it('--diff keeps a byte-order mark on both sides, so git apply takes the patch', async () => {
    write('Dockerfile', Buffer.from(`\uFEFF${dockerfile}`, 'utf8'));
    const r = await lint('--diff', 'Dockerfile');
    const patchFile = path.join(repo.root, 'fix.patch');
    fs.writeFileSync(patchFile, r.out);
    execFileSync('git', ['apply', 'fix.patch'], { cwd: repo.root });
    assert.equal(fs.readFileSync(path.join(repo.root, 'Dockerfile'), 'utf8'), `\uFEFF${fixedDockerfile}`);
  });

  it('says why a file with lone CR line ends is not fixed, and fixes a file reached through a link once', async () => {
    write('lonecr/Dockerfile', dockerfile.replace(/\n/g, '\r'));
    const cr = await lint('--diff', 'lonecr');
    assert.match(cr.err, /lonecr\/Dockerfile: not fixed: it has lines ended by a lone CR/);
    write('app/Dockerfile', dockerfile);
    fs.symlinkSync('Dockerfile', path.join(repo.root, 'app', 'Dockerfile.dev'));
    const r = await lint('--fix', 'app');
    assert.equal(read('app/Dockerfile'), fixedDockerfile);
    assert.match(r.err, /app\/Dockerfile.dev: the same file as app\/Dockerfile \(a link\): fixed there/);
    assert.doesNotMatch(r.err, /not fixed/);
  });

  it('--diff names a file by its own path, not by a link to it listed first, so the patch applies', async () => {
    write('docker/Dockerfile', dockerfile);
    fs.symlinkSync('docker/Dockerfile', path.join(repo.root, 'Dockerfile'));
    const r = await lint('--diff', '.');
    assert.match(r.out, /^--- a\/docker\/Dockerfile\n/);
    fs.writeFileSync(path.join(repo.root, 'fix.patch'), r.out);
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: repo.root });
  });
});
