// Bundles the extension, the CLI and the lazily loaded engine adapters.
// Usage: node esbuild.js [--release] [--watch]
const esbuild = require('esbuild');
const path = require('node:path');

const release = process.argv.includes('--release');
const watch = process.argv.includes('--watch');

/** Heavy Node libraries live in their own bundles so activation never pays for them. */
const lazyBundles = {
  'docker-engine': 'src/infra/docker/engine.ts',
  'kubernetes-client': 'src/infra/kubernetes/client.ts',
};

/**
 * Bundles the yaml package's ES-module build instead of its CommonJS one. Calls into a bundled CommonJS
 * module go through esbuild's interop getters (every `isMap(…)` became a getter call), and its Node
 * build reads `process.env.LOG_TOKENS` for every token it parses; the ES-module build has neither
 * (same sources; its warnings go to console.warn instead of process.emitWarning).
 * @type {import('esbuild').Plugin}
 */
const yamlEsm = {
  name: 'yaml-esm',
  setup(build) {
    const entry = path.join(path.dirname(require.resolve('yaml/package.json')), 'browser', 'dist', 'index.js');
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: entry }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifyWhitespace: release,
  minifySyntax: release,
  minifyIdentifiers: release,
  sourcemap: release ? false : 'linked',
  sourcesContent: false,
  logLevel: 'info',
  // ssh2 falls back to pure JavaScript when its optional native parts are absent.
  external: ['vscode', 'cpu-features', '*.node'],
  define: { 'process.env.MLC_BUNDLED': '"1"' },
  plugins: [yamlEsm],
};

/**
 * The CLI and its lint worker keep their whitespace (syntax and identifiers stay minified): a one-shot
 * `mlc lint` of the 10,006-resource bench corpus from the whitespace-minified bundle took 5–7 % longer
 * (wall, medians of 9–11 alternating runs; 4.5 % on a corpus three times as big, none on 100 files).
 * Under cachegrind all of the difference (13.0 vs 11.5 G instructions) is one more major collection:
 * the script's size moves V8's collection schedule; the code itself runs alike (warm, in process).
 * The extension's bundle, loaded once per session, stays fully minified.
 */
const oneShot = { ...shared, minifyWhitespace: false };

async function main() {
  const builds = [
    { ...shared, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
    {
      ...oneShot,
      entryPoints: { cli: 'src/cli/entry.ts' },
      outdir: 'dist',
      banner: { js: '#!/usr/bin/env node' },
    },
    // What dist/cli.js runs, with V8's code cache (src/cli/code-cache.ts); `mlc lint`'s worker threads run it too.
    { ...oneShot, entryPoints: { 'cli-main': 'src/cli/main.ts' }, outdir: 'dist' },
    { ...shared, entryPoints: lazyBundles, outdir: 'dist' },
  ];
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

module.exports = { yamlEsm };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
