// Docker benchmark (figures, not a test): explorer refresh with many containers and images vs
// `docker ps -a` + `docker images`, and our build path vs `docker build` on the same context.
// Creates everything with label mlc.bench=<id> and removes it by that label afterwards.
// Usage: node scripts/bench-docker.mjs   (env: MLC_BENCH_CONTAINERS=300 MLC_BENCH_IMAGES=300 MLC_BENCH_RUNS=7)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (!process.env.MLC_BENCH_TSX) {
  // The benchmark drives the TypeScript infra and core directly: re-run under tsx.
  const r = spawnSync(process.execPath, ['--import', 'tsx', self], { stdio: 'inherit', env: { ...process.env, MLC_BENCH_TSX: '1' } });
  process.exit(r.status ?? 1);
}

const { default: Docker } = await import('dockerode');
const { ExplorerSource } = await import('../src/infra/docker/explorer-source.ts');
const { buildImageTree } = await import('../src/core/docker/image-tree.ts');
const { buildContainerTree } = await import('../src/core/docker/container-tree.ts');
const { buildImage } = await import('../src/infra/docker/build-image.ts');

const nContainers = Number(process.env.MLC_BENCH_CONTAINERS ?? 300);
const nImages = Number(process.env.MLC_BENCH_IMAGES ?? 300);
const runs = Number(process.env.MLC_BENCH_RUNS ?? 7);
const benchId = `${Date.now().toString(36)}-${process.pid}`;
const label = { 'mlc.bench': benchId };
const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const work = mkdtempSync(join(tmpdir(), 'mlc-bench-docker-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;
const cli = (args) => {
  const r = spawnSync('docker', ['--host', 'unix:///var/run/docker.sock', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  }
  return r.stdout;
};
const timeCli = (args) => {
  const t = performance.now();
  cli(args);
  return performance.now() - t;
};
async function mapLimited(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

async function cleanup() {
  const containers = await docker.listContainers({ all: true, filters: { label: [`mlc.bench=${benchId}`] } });
  await mapLimited(containers, 8, (c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined));
  // Leaves first: a parent image cannot go before its children.
  for (let round = 0; round < 20; round++) {
    const images = await docker.listImages({ all: true, filters: { label: [`mlc.bench=${benchId}`] } });
    if (images.length === 0) {
      break;
    }
    let removed = 0;
    await mapLimited(images, 4, async (img) => {
      try {
        await docker.getImage(img.Id).remove({ force: true });
        removed++;
      } catch {
        // has children or already gone: next round
      }
    });
    if (removed === 0) {
      break;
    }
  }
  rmSync(work, { recursive: true, force: true });
}

try {
  console.log('# Docker benchmarks');
  const version = await docker.version();
  console.log(`Docker Engine ${version.Version} (API ${version.ApiVersion}), node ${process.version}, ${runs} runs each, medians; bench label mlc.bench=${benchId}\n`);

  // A busybox image (FROM scratch + Debian's static busybox), labelled, for the containers.
  const bb = join(work, 'busybox');
  mkdirSync(bb);
  copyFileSync('/bin/busybox', join(bb, 'busybox'));
  writeFileSync(join(bb, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "true"]\n');
  const busybox = `mlc-bench-busybox:${benchId}`;
  cli(['build', '-q', '--label', `mlc.bench=${benchId}`, '-t', busybox, bb]);

  let t = performance.now();
  await mapLimited(Array.from({ length: nContainers }, (_, i) => i), 6, (i) =>
    docker.createContainer({ Image: busybox, name: `mlc-bench-${benchId}-${i}`, Labels: label, HostConfig: { PortBindings: i % 10 === 0 ? { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } : {} }, ExposedPorts: i % 10 === 0 ? { '8080/tcp': {} } : {} }),
  );
  console.log(`setup: ${nContainers} containers created in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // Distinct images: FROM scratch + one distinct file each (tags of one image would be one image).
  t = performance.now();
  await mapLimited(Array.from({ length: nImages }, (_, i) => i), 3, async (i) => {
    const dir = join(work, `img-${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'id.txt'), `${benchId}-${i}\n`);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY id.txt /\n');
    const out = await buildImage(docker, { contextDir: dir, request: { dockerfile: 'Dockerfile', tags: [`mlc-bench-img-${i % 30}:${benchId}-${i}`], buildArgs: {}, labels: label } });
    if (out.kind !== 'built') {
      throw new Error(`image ${i}: ${out.kind} ${out.message ?? ''}`);
    }
  });
  const imageCount = (await docker.listImages({ filters: { label: [`mlc.bench=${benchId}`] } })).length;
  console.log(`setup: ${imageCount} distinct images built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

  // Explorer refresh: list + inspect (GPU requests) + tree models, as the views do it.
  const refresh = async (source) => {
    const [images, containers] = await Promise.all([source.images(docker), source.containers(docker)]);
    const nowMs = Date.now();
    const imageTree = buildImageTree(images, { showDangling: false, nowMs });
    const containerTree = buildContainerTree(containers.containers, { nowMs, linkHost: '127.0.0.1', gpuById: containers.gpuById });
    return { images: imageTree.reduce((n, g) => n + g.images.length, 0), containers: containerTree.reduce((n, g) => n + g.containers.length, 0) };
  };
  const cold = [];
  const warm = [];
  const clis = [];
  let counts;
  for (let r = 0; r < runs; r++) {
    const source = new ExplorerSource();
    let s = performance.now();
    counts = await refresh(source);
    cold.push(performance.now() - s);
    s = performance.now();
    await refresh(source);
    warm.push(performance.now() - s);
    clis.push(timeCli(['ps', '-a']) + timeCli(['images']));
  }
  console.log(`## Explorer refresh (${counts.containers} containers, ${counts.images} image tags on the engine in total)`);
  console.log(`ours, first refresh (list + one inspect per container + tree models): ${fmt(median(cold))}`);
  console.log(`ours, later refresh (inspects cached; what an event-driven refresh costs): ${fmt(median(warm))}`);
  console.log(`docker ps -a + docker images (CLI wall time): ${fmt(median(clis))}`);
  console.log(`ratio ours/CLI: first ${(median(cold) / median(clis)).toFixed(2)}, later ${(median(warm) / median(clis)).toFixed(2)}\n`);

  // Build: the same context through our build path (tar stream + POST /build) vs `docker build`, no cache.
  const ctx = join(work, 'build-context');
  mkdirSync(join(ctx, 'data'), { recursive: true });
  for (let i = 0; i < 200; i++) {
    writeFileSync(join(ctx, 'data', `f${i}.bin`), Buffer.alloc(100 * 1024, i % 251));
  }
  mkdirSync(join(ctx, 'ignored'));
  writeFileSync(join(ctx, 'ignored', 'big.bin'), Buffer.alloc(20 * 1024 * 1024, 1));
  writeFileSync(join(ctx, '.dockerignore'), 'ignored\n');
  copyFileSync('/bin/busybox', join(ctx, 'busybox'));
  writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY data /data\nRUN ["/bin/busybox", "sh", "-c", "/bin/busybox cat /data/* > /dev/null"]\n');
  const ours = [];
  const theirs = [];
  const runOurs = async () => {
    const s = performance.now();
    const out = await buildImage(docker, { contextDir: ctx, request: { dockerfile: 'Dockerfile', tags: [`mlc-bench-build:${benchId}-ours`], buildArgs: {}, labels: label, noCache: true } });
    ours.push(performance.now() - s);
    if (out.kind !== 'built') {
      throw new Error(`bench build failed: ${out.message ?? out.kind}`);
    }
  };
  const runCli = () => {
    const s = performance.now();
    cli(['build', '-q', '--no-cache', '--label', `mlc.bench=${benchId}`, '-t', `mlc-bench-build:${benchId}-cli`, ctx]);
    theirs.push(performance.now() - s);
  };
  for (let r = 0; r < runs; r++) {
    // Alternate which goes first so neither always runs on a warmer page cache.
    if (r % 2 === 0) {
      await runOurs();
      runCli();
    } else {
      runCli();
      await runOurs();
    }
  }
  console.log('## Build (20 MB context: 20 MB sent, 20 MB excluded by .dockerignore; --no-cache; 3 steps + label)');
  console.log(`ours (tar stream + POST /build): ${fmt(median(ours))}`);
  console.log(`docker build (legacy builder): ${fmt(median(theirs))}`);
  console.log(`ratio ours/docker build: ${(median(ours) / median(theirs)).toFixed(3)} (target ≤ 1.05)\n`);
} finally {
  await cleanup();
  const left = (await docker.listContainers({ all: true, filters: { label: [`mlc.bench=${benchId}`] } })).length + (await docker.listImages({ all: true, filters: { label: [`mlc.bench=${benchId}`] } })).length;
  console.log(`cleanup: removed everything labelled mlc.bench=${benchId} (${left} object(s) left)`);
}
