// Kubernetes benchmark (figures, not a test), on the real test cluster (scripts/cluster, kube-apiserver
// + kwok on loopback): (a) 100 kwok nodes and 10,000 pods, through the explorer model: time to the
// first render of a namespace's pods (its first page: the loading node and the first range of pods),
// time until every pod is listed, the nodes list, and memory, vs `kubectl get … -o json` + JSON.parse as
// the Kubernetes extension does; and where one unpaginated list's time goes (server, transfer, parse, mapping); (b) port-forward throughput and connect latency through our
// PortForwardManager (in a process of its own) vs `kubectl port-forward`, to a loopback HTTP server kwok forwards pod port 8080 to.
// Everything created carries the label mlc.bench=<id> and is deleted afterwards.
// Usage: node scripts/bench-kubernetes.mjs   (env: MLC_BENCH_NODES=100 MLC_BENCH_PODS=10000 MLC_BENCH_RUNS=5 MLC_BENCH_KUBECTL=kubectl)
//        node scripts/bench-kubernetes.mjs --port-forward-only   (or MLC_BENCH_K8S_PODS=0: one node, one pod, (b) only)
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (!process.env.MLC_BENCH_TSX) {
  // The benchmark drives the TypeScript infra directly: re-run under tsx (with gc for memory figures).
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, MLC_BENCH_TSX: '1' } });
  process.exit(r.status ?? 1);
}

const k8s = await import('@kubernetes/client-node');
const { ExplorerModel } = await import('../src/infra/kubernetes/explorer-model.ts');
const { openClusterClient } = await import('../src/infra/kubernetes/open-client.ts');
const { loadKubeconfigs } = await import('../src/infra/kubernetes/read-kubeconfigs.ts');
const { loadKubernetesClient } = await import('../src/infra/kubernetes/load-client.ts');
const { podView } = await import('../src/core/kubernetes/resource-tree.ts');
const https = await import('node:https');

const repo = join(dirname(self), '..');
const portForwardOnly = process.argv.includes('--port-forward-only') || process.env.MLC_BENCH_K8S_PODS === '0';
const nNodes = portForwardOnly ? 1 : Number(process.env.MLC_BENCH_NODES ?? 100);
const nPods = portForwardOnly ? 1 : Number(process.env.MLC_BENCH_PODS ?? 10_000);
const runs = Number(process.env.MLC_BENCH_RUNS ?? 5);
const kubectlBin = process.env.MLC_BENCH_KUBECTL ?? 'kubectl';
const benchId = `${Date.now().toString(36)}-${process.pid}`;
const lease = `bench-kubernetes-${benchId}`;
const ns = `mlc-bench-${benchId}`;
const label = { 'mlc.bench': benchId };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${ms.toFixed(0)} ms`;
const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
const log = (s) => console.log(s);
/** Collects garbage thoroughly: one gc() can leave the previous run's large strings and buffers behind. */
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    globalThis.gc();
  }
};

const up = spawnSync('bash', [join(repo, 'scripts/cluster/up.sh'), '--lease', lease], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
if (up.status !== 0) {
  console.error('scripts/cluster/up.sh failed: no benchmark');
  process.exit(1);
}
const info = JSON.parse(readFileSync(join(process.env.MLC_CLUSTER_DIR ?? join(homedir(), '.cache/ml-containers/cluster'), 'cluster.json'), 'utf8'));
const env = { ...process.env, KUBECONFIG: info.kubeconfig };
const kubectl = (args, opts = {}) => spawnSync(kubectlBin, ['--kubeconfig', info.kubeconfig, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
const kc = new k8s.KubeConfig();
kc.loadFromFile(info.kubeconfig);
const core = kc.makeApiClient(k8s.CoreV1Api);

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

async function retrying(fn, tries = 5) {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || (e?.code !== undefined && e.code < 500 && e.code !== 429)) throw e;
      await new Promise((r) => setTimeout(r, 200 * 2 ** i));
    }
  }
}

const nodeName = (i) => `mlc-bench-${benchId}-n${i}`;
const servers = [];
// Forwarder processes (ours: scripts/bench/port-forward-child.mjs; MLC_BENCH_SPARE_TUNNELS reaches it; kubectl).
const forwarders = [];

async function cleanup() {
  for (const child of forwarders) child.kill('SIGTERM');
  // kwok may leave its side of a forwarded connection open after the tunnel closed: close them here.
  await Promise.all(servers.map((s) => new Promise((r) => { s.close(r); s.closeAllConnections(); })));
  const sel = `mlc.bench=${benchId}`;
  kubectl(['delete', 'clusterportforwards.kwok.x-k8s.io', '-l', sel, '--ignore-not-found']);
  // Pods bound to fake nodes need a forced delete; the namespace then goes quickly.
  kubectl(['delete', 'pods', '--all', '-n', ns, '--force', '--grace-period=0', '--wait=false'], { stdio: 'ignore' });
  kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
  kubectl(['delete', 'nodes', '-l', sel, '--ignore-not-found', '--wait=false']);
  spawnSync('bash', [join(repo, 'scripts/cluster/down.sh'), '--release', lease], { stdio: 'ignore' });
}

try {
  // --- setup: nodes, namespace, pods -------------------------------------------------------------
  let t0 = performance.now();
  await pool(Array.from({ length: nNodes }, (_, i) => i), 16, (i) =>
    retrying(() => core.createNode({ body: {
      metadata: { name: nodeName(i), annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { ...label, type: 'kwok', 'kubernetes.io/hostname': nodeName(i), 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } },
      spec: { taints: [{ key: 'mlc.bench', value: benchId, effect: 'NoSchedule' }] },
      status: { capacity: { cpu: '64', memory: '512Gi', pods: '200', 'nvidia.com/gpu': '8' }, allocatable: { cpu: '64', memory: '512Gi', pods: '200', 'nvidia.com/gpu': '8' } },
    } })),
  );
  await core.createNamespace({ body: { metadata: { name: ns, labels: label } } });
  log(`setup: ${nNodes} kwok nodes in ${fmt(performance.now() - t0)}`);
  t0 = performance.now();
  await pool(Array.from({ length: nPods }, (_, i) => i), 48, (i) =>
    retrying(() => core.createNamespacedPod({ namespace: ns, body: {
      metadata: { name: `p-${i}`, labels: { ...label, app: `app-${i % 50}` } },
      spec: {
        nodeName: nodeName(i % nNodes),
        tolerations: [{ key: 'mlc.bench', operator: 'Exists', effect: 'NoSchedule' }],
        containers: [{ name: 'main', image: 'registry.invalid/mlc/bench:1', resources: { limits: { 'nvidia.com/gpu': Math.floor(i / nNodes) < 6 ? '1' : '0' } } }],
      },
    } })),
  );
  log(`setup: ${nPods} pods created in ${fmt(performance.now() - t0)} (${(nPods / ((performance.now() - t0) / 1000)).toFixed(0)}/s)`);
  t0 = performance.now();
  for (;;) {
    const r = kubectl(['get', 'pods', '-n', ns, '--field-selector=status.phase=Running', '-o', 'name', '--chunk-size=1000']);
    const running = r.stdout.split('\n').filter(Boolean).length;
    if (running >= nPods || performance.now() - t0 > 600_000) {
      log(`setup: ${running} of ${nPods} pods Running (kwok) after ${fmt(performance.now() - t0)}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 3000));
  }

  // --- (a) first render ---------------------------------------------------------------------------
  if (!portForwardOnly) {
  // client-node is loaded once per extension host, on the first use of the Clusters view: timed apart.
  const tLoad = performance.now();
  await loadKubernetesClient();
  const loadMs = performance.now() - tLoad;
  const renders = { pods: [], podsAll: [], nodes: [], podsHeap: [], nodesHeap: [], rss: [] };
  for (let r = 0; r < runs; r++) {
    for (const what of ['pods', 'nodes']) {
      await settle();
      const rss0 = process.memoryUsage().rss;
      const model = new ExplorerModel({
        loadConfig: () => loadKubeconfigs(env, process.platform),
        openClient: (loaded, context) => openClusterClient(loaded, context, env, process.platform),
        activeContext: () => info.context,
      });
      const t = performance.now();
      const [ctx] = await model.children(undefined);
      const groups = await model.children(ctx);
      let shown;
      if (what === 'nodes') {
        shown = await model.children(groups.find((g) => g.group === 'nodes'));
      } else {
        const namespaces = await model.children(groups.find((g) => g.group === 'namespaces'));
        const nsNode = namespaces.find((n) => n.namespace === ns);
        const podsGroup = (await model.children(nsNode)).find((n) => n.kind === 'allPods');
        shown = await model.children(podsGroup);
        // The first range of a long list opens by itself in the view: its pods are part of the first render.
        const firstRange = shown.find((n) => n.kind === 'podRange');
        if (firstRange) shown = [...shown, ...(await model.children(firstRange))];
      }
      renders[what].push(performance.now() - t);
      if (what === 'pods') {
        const watch = (await model.client(info.context)).watch('Pod', ns);
        await new Promise((resolve) => {
          const done = () => watch.state.kind === 'synced' && (off(), resolve());
          const off = watch.onChange(done);
          done();
        });
        renders.podsAll.push(performance.now() - t);
      }
      // What the model (and its live watch caches) holds, as the view holds it: the heap with it, less the heap once it is let go.
      await settle();
      const held = process.memoryUsage().heapUsed;
      renders.rss.push(process.memoryUsage().rss - rss0);
      if (r === 0) log(`  explorer ${what}, first render: ${shown.length} items (${shown.slice(0, 2).map((n) => n.view?.name ?? n.label ?? n.range?.first ?? '?').join(', ')}, …)`);
      model.dispose();
      shown = undefined;
      await new Promise((res) => setTimeout(res, 200));
      await settle();
      renders[`${what}Heap`].push(held - process.memoryUsage().heapUsed);
    }
  }
  const shell = { pods: [], nodes: [], podsHeap: [], nodesHeap: [] };
  for (let r = 0; r < runs; r++) {
    for (const what of ['pods', 'nodes']) {
      await settle();
      const t = performance.now();
      let out = await new Promise((resolve, reject) => {
        const args = what === 'pods' ? ['get', 'pods', '-n', ns, '-o', 'json'] : ['get', 'nodes', '-o', 'json'];
        const child = spawn(kubectlBin, ['--kubeconfig', info.kubeconfig, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
        const chunks = [];
        child.stdout.on('data', (c) => chunks.push(c));
        child.on('error', reject);
        child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      let items = JSON.parse(out).items;
      shell[what].push(performance.now() - t);
      out = undefined;
      // What the parsed objects hold (as the Kubernetes extension holds them): the heap with them, less the heap without.
      await settle();
      const held = process.memoryUsage().heapUsed;
      if (r === 0) log(`  kubectl ${what}: ${items.length} items`);
      items = undefined;
      await settle();
      shell[`${what}Heap`].push(held - process.memoryUsage().heapUsed);
    }
  }
  // Where one unpaginated list's time goes: the API server, the transfer, JSON.parse, our mapping.
  const anatomy = { ttfb: [], transfer: [], parse: [], map: [], page: [], bytes: 0 };
  const rawGet = async (query) => {
    const url = new URL(`${kc.getCurrentCluster().server}/api/v1/namespaces/${ns}/pods${query}`);
    const options = { method: 'GET', headers: { accept: 'application/json' } };
    await kc.applyToHTTPSOptions(options);
    return new Promise((resolve, reject) => {
      const t = performance.now();
      let first;
      const req = https.request(url, options, (res) => {
        const chunks = [];
        res.on('data', (c) => { first ??= performance.now() - t; chunks.push(c); });
        res.on('end', () => resolve({ first, total: performance.now() - t, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  };
  for (let r = 0; r < runs; r++) {
    const { first, total, body } = await rawGet('');
    anatomy.ttfb.push(first);
    anatomy.transfer.push(total - first);
    anatomy.bytes = body.length;
    let t = performance.now();
    const list = JSON.parse(body.toString('utf8'));
    anatomy.parse.push(performance.now() - t);
    t = performance.now();
    list.items.map((p) => podView(p)).sort((a, b) => a.name.localeCompare(b.name));
    anatomy.map.push(performance.now() - t);
    t = performance.now();
    const page = await rawGet('?limit=500');
    JSON.parse(page.body.toString('utf8'));
    anatomy.page.push(performance.now() - t);
  }
  log(`\n(a) ${nNodes} extra kwok nodes, ${nPods} pods in one namespace; median of ${runs} runs, fresh client each run (loading client-node once per host: ${fmt(loadMs)}, not included)`);
  log(`  first render of the namespace's pods (first page): ours ${fmt(median(renders.pods))}, kubectl get pods -o json + parse ${fmt(median(shell.pods))}  → ${(median(shell.pods) / median(renders.pods)).toFixed(1)}× faster`);
  log(`  all ${nPods} pods listed (then watched):       ours ${fmt(median(renders.podsAll))}, kubectl ${fmt(median(shell.pods))}  → ${(median(shell.pods) / median(renders.podsAll)).toFixed(1)}×`);
  log(`  first render of the nodes list:       ours ${fmt(median(renders.nodes))}, kubectl get nodes -o json + parse ${fmt(median(shell.nodes))}  → ${(median(shell.nodes) / median(renders.nodes)).toFixed(1)}× (ours shows nodes before the pods are listed, GPU use follows)`);
  log(`  one unpaginated list of the ${nPods} pods (median of ${runs}): server to first byte ${fmt(median(anatomy.ttfb))}, transfer ${fmt(median(anatomy.transfer))} (${mib(anatomy.bytes)}), JSON.parse ${fmt(median(anatomy.parse))}, pod → tree item mapping ${fmt(median(anatomy.map))}; one page of 500: ${fmt(median(anatomy.page))} to parsed`);
  log(`  heap held while rendered: pods ours ${mib(median(renders.podsHeap))} (watch cache kept live) vs parsed kubectl JSON ${mib(median(shell.podsHeap))}; nodes ours ${mib(median(renders.nodesHeap))} vs ${mib(median(shell.nodesHeap))}; RSS delta ours ${mib(median(renders.rss))}`);
  }

  // --- (b) port-forward -------------------------------------------------------------------------
  const big = Buffer.alloc(16 * 1048576, 7);
  const server = http.createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200, { 'content-length': big.length });
      res.end(big);
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('pong');
    }
  });
  servers.push(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const target = server.address().port;
  kubectl(['apply', '--server-side', '--field-manager=mlc-bench', '-f', '-'], { input: JSON.stringify({
    apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterPortForward', metadata: { name: `mlc-bench-${benchId}`, labels: label },
    spec: { selector: { matchNamespaces: [ns] }, forwards: [{ ports: [8080], target: { address: '127.0.0.1', port: target } }] },
  }) });
  const pod = 'p-0';
  const get = (port, path) => new Promise((resolve, reject) => {
    const t = performance.now();
    let first;
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 180_000 }, (res) => {
      let n = 0;
      res.on('data', (c) => { first ??= performance.now() - t; n += c.length; });
      res.on('end', () => resolve({ ms: performance.now() - t, first, bytes: n }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
  const waitAnswer = async (port) => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      try { if ((await get(port, '/ping')).bytes === 4) return; } catch { /* kwok not forwarding yet */ }
      if (Date.now() > deadline) throw new Error(`no answer through 127.0.0.1:${port}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const measure = async (port) => {
    await waitAnswer(port);
    log(`  measuring through 127.0.0.1:${port}…`);
    const connect = [];
    for (let i = 0; i < 20; i++) connect.push((await get(port, '/ping')).ms);
    const mbps = [];
    for (let i = 0; i < 3; i++) {
      const r = await get(port, '/big');
      mbps.push(r.bytes / 1048576 / (r.ms / 1000));
    }
    const conc = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await Promise.all(Array.from({ length: 50 }, () => get(port, '/ping')));
      conc.push(performance.now() - t);
    }
    return { connect: median(connect), mbps: median(mbps), conc: median(conc) };
  };
  // Each forwarder runs in a process of its own (ours as in the extension host, kubectl as itself), both
  // warmed up, then measured in alternating rounds (which goes first swaps each round) so neither side
  // pays for a cold start or a busier moment alone.
  const forwarder = (cmd, args, childEnv) => new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: childEnv });
    forwarders.push(child);
    let text = '';
    child.stdout.on('data', (c) => { text += c; const m = /127\.0\.0\.1:(\d+)/.exec(text); if (m) resolve(Number(m[1])); });
    child.stderr.on('data', (c) => { text += c; });
    child.on('close', () => reject(new Error(`${cmd} ${args.join(' ')} exited: ${text.slice(0, 400)}`)));
  });
  try {
    const ourPort = await forwarder(process.execPath, ['--import', 'tsx', join(repo, 'scripts/bench/port-forward-child.mjs'), ns, pod, '8080', info.context], env);
    const kport = await forwarder(kubectlBin, ['--kubeconfig', info.kubeconfig, 'port-forward', '-n', ns, `pod/${pod}`, ':8080'], process.env);
    const rounds = Number(process.env.MLC_BENCH_PF_ROUNDS ?? 5);
    for (const port of [ourPort, kport]) {
      await waitAnswer(port);
      for (let i = 0; i < 5; i++) await get(port, '/ping');
      await get(port, '/big');
    }
    const samples = { ours: [], kubectl: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [['ours', ourPort], ['kubectl', kport]] : [['kubectl', kport], ['ours', ourPort]];
      for (const [who, port] of order) samples[who].push(await measure(port));
    }
    const pick = (who, k) => median(samples[who].map((s) => s[k]));
    const ours = { connect: pick('ours', 'connect'), mbps: pick('ours', 'mbps'), conc: pick('ours', 'conc') };
    const theirs = { connect: pick('kubectl', 'connect'), mbps: pick('kubectl', 'mbps'), conc: pick('kubectl', 'conc') };
    const kv = kubectl(['version', '--client', '-o', 'json']);
    log(`\n(b) port-forward to a loopback HTTP server through the API server and kwok (kubectl ${JSON.parse(kv.stdout || '{}').clientVersion?.gitVersion ?? '?'}); each forwarder in its own process, warmed up, ${rounds} alternating rounds, medians of the round medians`);
    log(`  connect + tiny GET (20 per round): ours ${ours.connect.toFixed(1)} ms, kubectl ${theirs.connect.toFixed(1)} ms  → ${(theirs.connect / ours.connect).toFixed(2)}×`);
    log(`  throughput, 16 MiB over one connection (3 per round): ours ${ours.mbps.toFixed(0)} MB/s, kubectl ${theirs.mbps.toFixed(0)} MB/s  → ${(ours.mbps / theirs.mbps).toFixed(2)}×`);
    log(`  50 concurrent GETs (3 per round): ours ${fmt(ours.conc)}, kubectl ${fmt(theirs.conc)}  → ${(theirs.conc / ours.conc).toFixed(2)}×`);
    log(`  per round (ours/kubectl): ${samples.ours.map((o, i) => `${o.connect.toFixed(1)}/${samples.kubectl[i].connect.toFixed(1)} ms, ${o.mbps.toFixed(0)}/${samples.kubectl[i].mbps.toFixed(0)} MB/s, ${o.conc.toFixed(0)}/${samples.kubectl[i].conc.toFixed(0)} ms`).join('; ')}`);
  } catch (err) {
    log(`\n(b) port-forward: not measured in this run (${err instanceof Error ? err.message : String(err)}); kwok is busy with ${nPods} pods — run \`npm run bench:kubernetes -- --port-forward-only\` for the port-forward figures`);
  }
} finally {
  await cleanup();
}
