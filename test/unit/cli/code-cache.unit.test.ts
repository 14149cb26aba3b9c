import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCacheDir } from '../../../src/cli/code-cache';

const codeCache = path.join(process.cwd(), 'src', 'cli', 'code-cache.ts');
const flags = '--max-inlined-bytecode-size-cumulative=230';

/** Runs `bundle` through runWithCodeCache in a new Node.js process: the cache is written at its exit. */
function run(bundle: string, cacheDir: string, withFlags = flags): { out: string; used: boolean } {
  const script = [
    `const { runWithCodeCache } = require(${JSON.stringify(codeCache)});`,
    `const use = runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(withFlags)}, ${JSON.stringify(cacheDir)});`,
    'process.stderr.write(JSON.stringify(use));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { out: r.stdout, used: (JSON.parse(r.stderr) as { used: boolean }).used };
}

const caches = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.bin')).sort() : []);

describe('the CLI code cache', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-code-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is placed under XDG_CACHE_HOME or ~/.cache, and off with MLC_CODE_CACHE=0', () => {
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }), path.join('/x/cache', 'ml-containers', 'cli-code-cache'));
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'relative' }), path.join(os.homedir(), '.cache', 'ml-containers', 'cli-code-cache'));
    assert.equal(codeCacheDir({ MLC_CODE_CACHE: '0', XDG_CACHE_HOME: '/x/cache' }), undefined);
  });

  it('runs the bundle as require runs it, writes the cache at exit and uses it next time', function () {
    this.timeout(60000);
    const bundle = path.join(dir, 'bundle.js');
    const cacheDir = path.join(dir, 'cache');
    fs.writeFileSync(bundle, "#!/usr/bin/env node\nconst p = require('node:path');\nfunction shout(s) { return s.toUpperCase(); }\nprocess.stdout.write(`${p.basename(__filename)} ${p.basename(__dirname)} ${typeof module.exports} ${shout('ran')}\\n`);\n");
    const first = run(bundle, cacheDir);
    assert.deepEqual(first, { out: `bundle.js ${path.basename(dir)} object RAN\n`, used: false });
    assert.equal(caches(cacheDir).length, 1);
    assert.deepEqual(run(bundle, cacheDir), { out: first.out, used: true });
    // Another build of the bundle, or other V8 flags, get caches of their own.
    fs.appendFileSync(bundle, '// changed\n');
    assert.equal(run(bundle, cacheDir).used, false);
    assert.equal(run(bundle, cacheDir, '--max-inlined-bytecode-size-cumulative=231').used, false);
    assert.equal(caches(cacheDir).length, 3);
  });

  it('compiles afresh over a corrupt or truncated cache, and replaces it', function () {
    this.timeout(60000);
    const bundle = path.join(dir, 'bundle.js');
    const cacheDir = path.join(dir, 'cache');
    fs.writeFileSync(bundle, "process.stdout.write('ok\\n');\n");
    run(bundle, cacheDir);
    const [name] = caches(cacheDir);
    const file = path.join(cacheDir, name as string);
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] ?? 0) ^ 0xff;
    const unchecked = good.subarray(32);
    for (const bad of [Buffer.from('not a code cache'), good.subarray(0, Math.floor(good.length / 2)), Buffer.alloc(0), flipped, unchecked]) {
      fs.writeFileSync(file, bad);
      assert.deepEqual(run(bundle, cacheDir), { out: 'ok\n', used: false });
      assert.ok(fs.readFileSync(file).equals(good) || fs.readFileSync(file).length === good.length);
      assert.equal(run(bundle, cacheDir).used, true);
    }
  });

  it('says which bundle is missing when cli-main.js is not beside the entry point, and exits 2', function () {
    this.timeout(60000);
    // Under tsx the entry point runs from src/cli, where no cli-main.js is built.
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'src', 'cli', 'entry.ts'), '--version'], { encoding: 'utf8', env: { ...process.env, MLC_CODE_CACHE: '0' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mlc: .*cli-main\.js is missing beside .*entry\.ts; reinstall the extension or rebuild \(npm run build\)\n$/);
  });

  it('keeps the newest four caches and runs on when the folder cannot be written', function () {
    this.timeout(60000);
    const cacheDir = path.join(dir, 'cache');
    for (let i = 0; i < 6; i++) {
      const bundle = path.join(dir, `b${i}.js`);
      fs.writeFileSync(bundle, `process.stdout.write('${i}\\n');\n`);
      assert.equal(run(bundle, cacheDir).out, `${i}\n`);
    }
    assert.equal(caches(cacheDir).length, 4);
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    assert.deepEqual(run(path.join(dir, 'b0.js'), path.join(blocked, 'cache')), { out: '0\n', used: false });
  });
});
