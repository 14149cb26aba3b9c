import * as assert from 'node:assert/strict';
import { excludedBy, hasExceptionBelow, parseIgnoreFile } from '../../../../src/core/lint/cross/dockerignore';
import { joinPath } from '../../../../src/core/lint/cross/paths';

const excluded = (patterns: string, path: string): boolean => excludedBy(parseIgnoreFile('.dockerignore', patterns), path) !== undefined;

describe('.dockerignore evaluation (Docker semantics, trap T17)', () => {
  it('anchors a gitignore-style "wandb/" at the context root; "**/wandb" matches at any depth', () => {
    assert.equal(excluded('wandb/\n', 'wandb/run-1/log.txt'), true);
    assert.equal(excluded('wandb/\n', 'experiments/wandb/run-1'), false);
    assert.equal(excluded('**/wandb\n', 'experiments/wandb/run-1'), true);
    assert.equal(excluded('**/wandb\n', 'wandb'), true);
  });

  it('keeps "*" inside one path segment and excludes what lies below a matching directory', () => {
    assert.equal(excluded('*.ckpt\n', 'model.ckpt'), true);
    assert.equal(excluded('*.ckpt\n', 'runs/model.ckpt'), false);
    assert.equal(excluded('data\n', 'data/train/shard-0.parquet'), true);
    assert.equal(excluded('/data/\n', 'data/x'), true);
  });

  it('applies "!" exceptions with the last matching pattern winning, and reports the deciding pattern', () => {
    const ignore = parseIgnoreFile('.dockerignore', '# weights\nmodels\n!models/config.json\n');
    assert.equal(excludedBy(ignore, 'models/config.json'), undefined);
    assert.equal(excludedBy(ignore, 'models/weights.bin')?.line, 2);
    assert.equal(hasExceptionBelow(ignore, 'models'), true);
    assert.equal(excluded('!models/config.json\nmodels\n', 'models/config.json'), true);
  });

  it('never throws on odd patterns (unclosed class, lone "!", escapes)', () => {
    const ignore = parseIgnoreFile('.dockerignore', '[abc\n!\n\\*literal\n[!a-c]x\n**\n');
    assert.equal(excludedBy(ignore, '*literal') !== undefined, true);
    assert.equal(excludedBy(ignore, 'anything/at/all') !== undefined, true);
  });
});

describe('workspace paths', () => {
  it('joins relative paths and refuses to leave the workspace', () => {
    assert.equal(joinPath('docker', '../src/app.py'), 'src/app.py');
    assert.equal(joinPath('', './a/./b/'), 'a/b');
    assert.equal(joinPath('docker', '../../etc'), undefined);
  });
});
