import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { readStdinTarget, stdinKind } from '../../../src/cli/lint-stdin';

const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
const compose = 'services:\n  api:\n    image: api:1.0\n';
const dockerfile = 'FROM python:3.12-slim\nRUN pip install torch\n';

describe('cli/lint-stdin', () => {
  describe('stdinKind', () => {
    it('judges by content without a name: manifest, Compose file, else Dockerfile', () => {
      assert.equal(stdinKind(manifest, undefined), 'kubernetes');
      assert.equal(stdinKind(compose, undefined), 'compose');
      assert.equal(stdinKind(dockerfile, undefined), 'dockerfile');
      assert.equal(stdinKind('', undefined), 'dockerfile');
    });

    it('follows the name --stdin-filename gives, as for files', () => {
      assert.equal(stdinKind(compose, 'deploy/compose.yaml'), 'compose');
      assert.equal(stdinKind(manifest, 'k8s/app.yaml'), 'kubernetes');
      assert.equal(stdinKind('services: {}\n', 'Dockerfile'), 'dockerfile');
      assert.equal(stdinKind(dockerfile, 'train.Dockerfile'), 'dockerfile');
      assert.equal(stdinKind('just: yaml\n', 'values.yaml'), 'kubernetes', 'YAML by name is linted as a manifest (its syntax still checked)');
    });
  });

  describe('readStdinTarget', () => {
    it('reads the whole input as one target placed at the given name under cwd', async () => {
      const target = await readStdinTarget(Readable.from([Buffer.from(manifest.slice(0, 10)), Buffer.from(manifest.slice(10))]), '/work/repo', 'k8s/app.yaml');
      assert.ok(!('error' in target));
      assert.equal(target.path, path.resolve('/work/repo', 'k8s/app.yaml'));
      assert.equal(target.kind, 'kubernetes');
      assert.deepEqual(target.read, { ok: true, text: manifest });
    });

    it('refuses a terminal, oversized input and binary content with a message', async () => {
      const tty = Object.assign(Readable.from([]), { isTTY: true });
      const fromTty = await readStdinTarget(tty, '/work', undefined);
      assert.ok('error' in fromTty && /terminal/.test(fromTty.error));
      const big = await readStdinTarget(Readable.from([Buffer.alloc(600, 'a'), Buffer.alloc(600, 'b')]), '/work', undefined, 1000);
      assert.ok('error' in big && /more than the 1000 bytes/.test(big.error));
      const binary = await readStdinTarget(Readable.from([Buffer.from([70, 82, 79, 77, 0, 1])]), '/work', undefined);
      assert.ok(!('error' in binary));
      assert.equal(binary.read?.ok, false);
    });

    it('reports a failing stream as an error, not a crash', async () => {
      const failing = new Readable({
        read() {
          this.destroy(new Error('EIO: i/o error, read'));
        },
      });
      const result = await readStdinTarget(failing, '/work', undefined);
      assert.ok('error' in result && /EIO/.test(result.error));
    });
  });
});
