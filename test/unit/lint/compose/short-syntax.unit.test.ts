import * as assert from 'node:assert/strict';
import { parseShortVolume, splitShortSyntax } from '../../../../src/core/lint/compose/short-syntax';

describe('Compose short syntax', () => {
  describe('splitShortSyntax', () => {
    it('splits on plain colons', () => {
      assert.deepEqual(splitShortSyntax('./data:/data:ro'), ['./data', '/data', 'ro']);
      assert.deepEqual(splitShortSyntax('127.0.0.1:8080:80'), ['127.0.0.1', '8080', '80']);
      assert.deepEqual(splitShortSyntax('/data'), ['/data']);
    });

    it('keeps colons inside ${...} interpolations', () => {
      assert.deepEqual(splitShortSyntax('${HF_HOME:-~/.cache/huggingface}:/root/.cache/huggingface'), ['${HF_HOME:-~/.cache/huggingface}', '/root/.cache/huggingface']);
      assert.deepEqual(splitShortSyntax('${HF_HOME:?set it: now}:/cache:ro'), ['${HF_HOME:?set it: now}', '/cache', 'ro']);
      assert.deepEqual(splitShortSyntax('${HF_HOME-/data}:/cache'), ['${HF_HOME-/data}', '/cache']);
      assert.deepEqual(splitShortSyntax('${A:-${B:-/x}:y}:/t'), ['${A:-${B:-/x}:y}', '/t']);
      assert.deepEqual(splitShortSyntax('${HOST_IP:-127.0.0.1}:${PORT:-8000}:8000'), ['${HOST_IP:-127.0.0.1}', '${PORT:-8000}', '8000']);
      assert.deepEqual(splitShortSyntax('$HOME/hf:/cache'), ['$HOME/hf', '/cache']);
    });

    it('treats $$ as a literal dollar and an unclosed ${ as running to the end', () => {
      assert.deepEqual(splitShortSyntax('$${x:/a'), ['$${x', '/a']);
      assert.deepEqual(splitShortSyntax('${x:/a'), ['${x:/a']);
    });
  });

  describe('parseShortVolume', () => {
    it('reads source, target and mode', () => {
      assert.deepEqual(parseShortVolume('/data'), { target: '/data' });
      assert.deepEqual(parseShortVolume('hf:/root/.cache/huggingface'), { source: 'hf', target: '/root/.cache/huggingface' });
      assert.deepEqual(parseShortVolume('./m:/models:ro'), { source: './m', target: '/models', mode: 'ro' });
    });

    it('reads interpolated sources and targets', () => {
      assert.deepEqual(parseShortVolume('${HF_HOME:-~/.cache/huggingface}:/root/.cache/huggingface'), { source: '${HF_HOME:-~/.cache/huggingface}', target: '/root/.cache/huggingface' });
      assert.deepEqual(parseShortVolume('hf:${CACHE:-/cache}:rw'), { source: 'hf', target: '${CACHE:-/cache}', mode: 'rw' });
    });

    it('keeps a Windows drive letter with its path', () => {
      assert.deepEqual(parseShortVolume('C:\\models:/models'), { source: 'C:\\models', target: '/models' });
      assert.deepEqual(parseShortVolume('c:/hf:/root/.cache/huggingface:ro'), { source: 'c:/hf', target: '/root/.cache/huggingface', mode: 'ro' });
    });

    it('rejects empty sections and too many colons', () => {
      assert.equal(parseShortVolume(':/data'), undefined);
      assert.equal(parseShortVolume('/a:/b:ro:x'), undefined);
    });
  });
});
