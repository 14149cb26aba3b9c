import * as assert from 'node:assert/strict';
import type { EngineImageSummary } from '../../../src/core/docker/engine-json';
import { formatAge, formatSize, shortId } from '../../../src/core/docker/format';
import { buildImageTree, countDangling, splitRepoTag } from '../../../src/core/docker/image-tree';
import { loadJson } from './support';

const now = 1764340200 * 1000;

describe('core/docker/image-tree', () => {
  const images = loadJson<EngineImageSummary[]>('images.json');

  it('splits repo:tag at the last colon after the last slash (registry ports stay in the repository)', () => {
    assert.deepEqual(splitRepoTag('localhost:5000/team/api:v2'), { repository: 'localhost:5000/team/api', tag: 'v2' });
    assert.deepEqual(splitRepoTag('localhost:5000/team/api'), { repository: 'localhost:5000/team/api', tag: 'latest' });
    assert.deepEqual(splitRepoTag('busybox:1.36'), { repository: 'busybox', tag: '1.36' });
  });

  it('groups by repository (sorted), tags newest first, an image with two tags under both, dangling hidden', () => {
    const tree = buildImageTree(images, { showDangling: false, nowMs: now });
    assert.deepEqual(
      tree.map((g) => [g.repository, g.images.map((i) => i.tag)]),
      [
        ['localhost:5000/team/sentiment-api', ['v2', 'v1']],
        ['pytorch/pytorch', ['2.4.0-cuda12.1-cudnn9-runtime', 'latest']],
      ],
    );
    const v2 = tree[0]?.images[0];
    assert.deepEqual(v2, {
      kind: 'image',
      id: 'sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222',
      shortId: 'bbbbbbbbbbbb',
      repository: 'localhost:5000/team/sentiment-api',
      tag: 'v2',
      ref: 'localhost:5000/team/sentiment-api:v2',
      dangling: false,
      size: 123456789,
      sizeText: '123MB',
      created: 1764330000,
      ageText: '2 hours ago',
    });
  });

  it('shows dangling images (RepoTags null or <none>:<none>) last, by ID, when the filter is on', () => {
    const tree = buildImageTree(images, { showDangling: true, nowMs: now });
    const last = tree.at(-1);
    assert.equal(last?.dangling, true);
    assert.equal(last?.repository, '<none>');
    assert.deepEqual(last?.images.map((i) => [i.shortId, i.ref === i.id, i.sizeText]), [
      ['eeeeeeeeeeee', true, '999B'],
      ['dddddddddddd', true, '1.98MB'],
    ]);
    assert.equal(countDangling(images), 2);
  });

  it('groups hundreds of images (timing lives in the benchmark, not here)', () => {
    const many: EngineImageSummary[] = Array.from({ length: 600 }, (_, i) => ({ Id: `sha256:${i.toString(16).padStart(64, '0')}`, RepoTags: [`repo${i % 50}:t${i}`], Created: 1764300000 + i, Size: i * 1000 }));
    const tree = buildImageTree(many, { showDangling: true, nowMs: now });
    assert.equal(tree.length, 50);
    assert.equal(tree.reduce((n, g) => n + g.images.length, 0), 600);
  });
});

describe('core/docker/format', () => {
  it('formats sizes like docker images (decimal units, 3 significant digits)', () => {
    assert.deepEqual([0, 999, 1000, 1982256, 7612345678, 1.5e12].map(formatSize), ['0B', '999B', '1kB', '1.98MB', '7.61GB', '1.5TB']);
    assert.equal(formatSize(-1), '?');
  });

  it('formats ages', () => {
    const t = 1764340200;
    assert.equal(formatAge(t, t * 1000), 'just now');
    assert.equal(formatAge(t - 30, t * 1000), '30 seconds ago');
    assert.equal(formatAge(t - 60, t * 1000), '1 minute ago');
    assert.equal(formatAge(t - 7200, t * 1000), '2 hours ago');
    assert.equal(formatAge(t - 3 * 86400, t * 1000), '3 days ago');
    assert.equal(formatAge(t - 400 * 86400, t * 1000), '1 year ago');
    assert.equal(formatAge(t + 50, t * 1000), 'just now', 'clock skew never gives negative ages');
  });

  it('shortens IDs', () => {
    assert.equal(shortId('sha256:0123456789abcdef'), '0123456789ab');
    assert.equal(shortId('0123456789abcdef'), '0123456789ab');
  });
});
