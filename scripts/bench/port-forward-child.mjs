// Our port-forward in a process of its own, as in the extension host (kubectl port-forward also runs
// apart from the client and server the benchmark drives). Run under tsx:
//   node --import tsx scripts/bench/port-forward-child.mjs NAMESPACE POD PORT CONTEXT   (KUBECONFIG in the env)
// Prints "Forwarding from 127.0.0.1:N" once listening; stops when stdin closes or on SIGTERM.
import { openClusterClient } from '../../src/infra/kubernetes/open-client.ts';
import { PortForwardManager } from '../../src/infra/kubernetes/port-forward-manager.ts';
import { loadKubeconfigs } from '../../src/infra/kubernetes/read-kubeconfigs.ts';
import { resolveTarget } from '../../src/infra/kubernetes/resolve-target.ts';

const [namespace, name, port, context] = process.argv.slice(2);
const loaded = await loadKubeconfigs(process.env, process.platform);
const client = await openClusterClient(loaded, context, process.env, process.platform);
const forwards = new PortForwardManager(process.env.MLC_BENCH_SPARE_TUNNELS ? { spareTunnels: Number(process.env.MLC_BENCH_SPARE_TUNNELS) } : {});
const f = await forwards.start({ target: { kind: 'pod', namespace, name }, remotePort: Number(port) }, {
  resolve: (t, p) => resolveTarget(client, t, p),
  tunnel: (...a) => client.tunnel(...a),
  watchPodGone: (...a) => client.watchPodGone(...a),
});
process.stdout.write(`Forwarding from 127.0.0.1:${f.localPort}\n`);
const stop = async () => {
  await forwards.stopAll().catch(() => undefined);
  client.dispose();
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
